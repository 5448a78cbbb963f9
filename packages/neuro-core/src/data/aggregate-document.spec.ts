import { AggregateRoot } from '../domain/aggregate-root';
import { fromDocument, stateFields, toStoredKeys } from './aggregate-document';

class Bag extends AggregateRoot<Record<string, unknown>> {}

describe('aggregate documents', () => {
  it('store the state at the top level, a copy of it, with _id and stateVersion', () => {
    const state = { name: 'a', nested: { n: 1 } };
    const fields = stateFields(new Bag('b1', state), 3);
    expect(fields).toEqual({ _id: 'b1', stateVersion: 3, name: 'a', nested: { n: 1 } });
    state.nested.n = 2;
    expect(fields['nested']).toEqual({ n: 1 });
  });

  it.each(['_id', 'stateVersion', '_outbox'])(
    'refuse a state field named %s, which the document owns',
    (key) => {
      expect(() => stateFields(new Bag('b1', { [key]: 1 }), 1)).toThrow(
        `aggregate state may not have a field named ${key}`,
      );
    },
  );

  it('split back into id, state and version, leaving the outbox out', () => {
    expect(fromDocument({ _id: 'b1', stateVersion: 2, name: 'a', _outbox: [] })).toEqual({
      id: 'b1',
      state: { name: 'a' },
      stateVersion: 2,
    });
  });

  it('are queried with `id` read as `_id` and every other key as is', () => {
    expect(toStoredKeys({ id: 'b1', 'owner.team': 'blue', $or: [] })).toEqual({
      _id: 'b1',
      'owner.team': 'blue',
      $or: [],
    });
    expect(
      toStoredKeys({
        $or: [{ id: 'b1' }, { $and: [{ id: { $ne: 'b2' } }, { n: 1 }] }],
        $nor: [{ id: 'b3' }],
      }),
    ).toEqual({
      $or: [{ _id: 'b1' }, { $and: [{ _id: { $ne: 'b2' } }, { n: 1 }] }],
      $nor: [{ _id: 'b3' }],
    });
    expect(toStoredKeys(undefined)).toEqual({});
  });
});

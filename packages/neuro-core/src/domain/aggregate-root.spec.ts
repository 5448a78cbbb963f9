import { AggregateRoot } from './aggregate-root';
import { DomainEvent } from './domain-event';

class Renamed extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly name: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

class Thing extends AggregateRoot<{ name: string }> {
  rename(name: string, at: Date): void {
    this._state.name = name;
    this.registerEvent(new Renamed(this.id, at, name));
  }
}

const AT = new Date('2026-01-01T00:00:00Z');

describe('AggregateRoot', () => {
  it('starts at stateVersion 0 with no pending events unless built from storage', () => {
    const fresh = new Thing('t1', { name: 'a' });
    expect(fresh.id).toBe('t1');
    expect(fresh.stateVersion).toBe(0);
    expect(fresh.pendingEvents).toEqual([]);
    expect(new Thing('t1', { name: 'a' }, 7).stateVersion).toBe(7);
  });

  it('exposes the state its methods change', () => {
    const thing = new Thing('t1', { name: 'a' });
    thing.rename('b', AT);
    expect(thing.state).toEqual({ name: 'b' });
  });

  it('keeps the events its methods record, oldest first, until it is saved', () => {
    const thing = new Thing('t1', { name: 'a' });
    thing.rename('b', AT);
    thing.rename('c', AT);
    expect(thing.pendingEvents.map((event) => (event as Renamed).name)).toEqual(['b', 'c']);
    expect(thing.stateVersion).toBe(0);
  });

  it('takes the saved version and hands back, then forgets, its events when persisted', () => {
    const thing = new Thing('t1', { name: 'a' });
    thing.rename('b', AT);
    const saved = thing.markPersisted(1);
    expect(saved).toEqual([new Renamed('t1', AT, 'b')]);
    expect(thing.stateVersion).toBe(1);
    expect(thing.pendingEvents).toEqual([]);
    thing.rename('c', AT);
    expect(thing.markPersisted(2)).toHaveLength(1);
    expect(saved).toHaveLength(1);
  });
});

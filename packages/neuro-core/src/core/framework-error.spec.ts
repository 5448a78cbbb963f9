import { FrameworkError } from './framework-error';

describe('FrameworkError', () => {
  it('is an Error with a kind and a message', () => {
    const error = new FrameworkError('conflict', 'workers w1 already exists');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FrameworkError');
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('workers w1 already exists');
  });

  it('is recognised by is(), with or without a kind', () => {
    const error = new FrameworkError('concurrency', 'changed');
    expect(FrameworkError.is(error)).toBe(true);
    expect(FrameworkError.is(error, 'concurrency')).toBe(true);
    expect(FrameworkError.is(error, 'conflict')).toBe(false);
  });

  it('recognises an error from another copy of the library, which instanceof would miss', () => {
    const foreign = Object.assign(new Error('changed'), {
      kind: 'concurrency',
      [Symbol.for('lcm.FrameworkError')]: true,
    });
    expect(foreign instanceof FrameworkError).toBe(false);
    expect(FrameworkError.is(foreign, 'concurrency')).toBe(true);
  });

  it('does not take other values for one', () => {
    for (const value of [new Error('x'), { kind: 'conflict' }, 'conflict', null, undefined, 42]) {
      expect(FrameworkError.is(value)).toBe(false);
    }
  });
});

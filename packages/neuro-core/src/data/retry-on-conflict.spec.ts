import { FrameworkError } from '../core/framework-error';
import { isLostRace, retryOnConflict } from './retry-on-conflict';

const stale = () => new FrameworkError('concurrency', 'counter a was changed by another request');
const taken = () => new FrameworkError('conflict', 'counter a already exists');

describe('isLostRace', () => {
  it('is true for a stale stateVersion and an id added meanwhile, false for anything else', () => {
    expect(isLostRace(stale())).toBe(true);
    expect(isLostRace(taken())).toBe(true);
    expect(isLostRace(new FrameworkError('invalidRoute', 'x'))).toBe(false);
    expect(isLostRace(new Error('network down'))).toBe(false);
    expect(isLostRace(undefined)).toBe(false);
  });
});

describe('retryOnConflict', () => {
  it('runs the step again after lost races and returns what the first winning run returns', async () => {
    const failures = [stale(), taken()];
    let runs = 0;
    const result = await retryOnConflict(async () => {
      runs++;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'saved';
    }, 3);
    expect(result).toBe('saved');
    expect(runs).toBe(3);
  });

  it('throws the last lost race once the attempts are used up', async () => {
    let runs = 0;
    const step = async () => {
      runs++;
      throw stale();
    };
    await expect(retryOnConflict(step, 4)).rejects.toThrow('changed by another request');
    expect(runs).toBe(4);
  });

  it('throws any other error at once', async () => {
    let runs = 0;
    const step = async () => {
      runs++;
      throw new Error('network down');
    };
    await expect(retryOnConflict(step)).rejects.toThrow('network down');
    expect(runs).toBe(1);
  });
});

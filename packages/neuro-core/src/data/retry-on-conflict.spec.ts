import { FrameworkError } from '../core/framework-error';
import { retryOnConflict } from './retry-on-conflict';

describe('retryOnConflict', () => {
  it('runs the step again after a lost update or add race and returns its result', async () => {
    const lost = [new FrameworkError('concurrency', 'stale'), new FrameworkError('conflict', 'taken')];
    let runs = 0;
    const result = await retryOnConflict(async () => {
      runs++;
      const error = lost.shift();
      if (error) throw error;
      return 'saved';
    });
    expect(result).toBe('saved');
    expect(runs).toBe(3);
  });

  it('throws any other error at once', async () => {
    let runs = 0;
    const failing = retryOnConflict(async () => {
      runs++;
      throw new Error('Mongo is down');
    });
    await expect(failing).rejects.toThrow('Mongo is down');
    expect(runs).toBe(1);
  });

  it('gives up after the last attempt with the lost race', async () => {
    let runs = 0;
    const failing = retryOnConflict(async () => {
      runs++;
      throw new FrameworkError('concurrency', `stale ${runs}`);
    }, 3);
    await expect(failing).rejects.toThrow('stale 3');
    expect(runs).toBe(3);
  });
});

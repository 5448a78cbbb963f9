import { FrameworkError } from '../core/framework-error';

/**
 * True for the errors a save throws when another writer got there first: a stale `stateVersion` on
 * `update`, or an id added meanwhile on `add`. Loops that can leave an item to their next run skip it on
 * this; everything else retries with `retryOnConflict`.
 */
export function isLostRace(error: unknown): boolean {
  return FrameworkError.is(error, 'concurrency') || FrameworkError.is(error, 'conflict');
}

/**
 * Runs a read-modify-save step again when its save lost a race (`isLostRace`), up to `attempts` runs in
 * all, with a short random pause between runs so racing writers spread out. The step reads what it
 * changes itself, so each run starts from the state that won. Any other error, or the last lost race, is
 * thrown (the mediator answers a lost race with 409).
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isLostRace(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

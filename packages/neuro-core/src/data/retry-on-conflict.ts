import { FrameworkError } from '../core/framework-error';

/**
 * Runs a read-modify-save step again when its save lost a race: `update` found a newer stateVersion
 * (`concurrency`) or `add` found the id taken meanwhile (`conflict`). Replicas of a service, and concurrent
 * requests in one, write the same aggregates; a step that reloads before it decides is safe to repeat,
 * and a short random pause spreads the writers out. Any other error, and the last lost race, is thrown.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const lost = FrameworkError.is(error, 'concurrency') || FrameworkError.is(error, 'conflict');
      if (!lost || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

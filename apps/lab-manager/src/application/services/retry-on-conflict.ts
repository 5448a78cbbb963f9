import { FrameworkError } from '@lcm/neuro-core';

/**
 * Runs a read-modify-save step again when the save lost an optimistic-concurrency race (someone saved
 * the aggregate since it was read), with a short random pause so racing writers spread out.
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!FrameworkError.is(error, 'concurrency') || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

import type { JobHost } from '@lcm/neuro-core/hosting';
import { PlaceSessionsCommand } from '../commands/place-sessions.command';
import type { PlacementTrigger } from '../services/placement-trigger';

/** The periodic placement loop's job name. */
export const PLACEMENT_LOOP_JOB = 'placement-loop';
/** The on-demand placement run's job name (after a request or a worker becoming RUNNING). */
export const PLACEMENT_NOW_JOB = 'placement-now';

/**
 * Declares the placement loop (a job scheduler every `intervalSeconds`) and the on-demand run; both only
 * send PlaceSessionsCommand through the mediator.
 */
export function declarePlacementJobs(jobs: JobHost, intervalSeconds: number): void {
  jobs.schedule(PLACEMENT_LOOP_JOB, { everyMs: intervalSeconds * 1000 }, () => new PlaceSessionsCommand(), {
    attempts: 1,
  });
  jobs.define(PLACEMENT_NOW_JOB, () => new PlaceSessionsCommand(), { attempts: 3, backoffMs: 500 });
}

/** Binds the PlacementTrigger port to the on-demand job. */
export function jobPlacementTrigger(jobs: JobHost): PlacementTrigger {
  return {
    async requestPlacement() {
      await jobs.enqueue(PLACEMENT_NOW_JOB, {});
    },
  };
}

import type { JobHost } from '@lcm/neuro-core/hosting';
import { AdvanceSessionTimersCommand } from '../commands/advance-session-timers.command';

/** The lifecycle timers' job name. */
export const SESSION_TIMERS_JOB = 'session-timers';

/**
 * Declares the lifecycle timers as one job scheduler every `intervalSeconds`: each run sweeps every due
 * session against the clock (instantiate, start, stop, expire, time out), so no timer is lost in a restart.
 */
export function declareSessionTimersJob(jobs: JobHost, intervalSeconds: number): void {
  jobs.schedule(
    SESSION_TIMERS_JOB,
    { everyMs: intervalSeconds * 1000 },
    () => new AdvanceSessionTimersCommand(),
    {
      attempts: 1,
    },
  );
}

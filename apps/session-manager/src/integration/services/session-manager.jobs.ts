import type { JobHost } from '@lcm/neuro-core/hosting';
import { AdvanceSessionTimersCommand } from '../../application/commands/advance-session-timers.command';
import { PlaceSessionsCommand } from '../../application/commands/place-sessions.command';
import type { SessionManagerSettings } from '../../application/settings';

/** Names of session-manager's jobs on its BullMQ queue. */
export const SESSION_MANAGER_JOBS = {
  /** The periodic placement loop (every PLACEMENT_INTERVAL_SECONDS). */
  placementLoop: 'placement-loop',
  /** The placement run asked for by the PlacementTrigger (after a request or a worker becoming RUNNING). */
  placementNow: 'placement-now',
  /** The lifecycle timers (every TIMER_INTERVAL_SECONDS). */
  sessionTimers: 'session-timers',
} as const;

/**
 * Declares session-manager's jobs; each only builds a command for the mediator. The timers are one
 * scheduler sweeping every due session against the clock (instantiate, start, stop, expire, time out), so
 * no timer is lost in a restart and there is no delayed job per session.
 */
export function declareSessionManagerJobs(jobs: JobHost, settings: SessionManagerSettings): void {
  jobs
    .schedule(
      SESSION_MANAGER_JOBS.placementLoop,
      { everyMs: settings.PLACEMENT_INTERVAL_SECONDS * 1000 },
      () => new PlaceSessionsCommand('periodic placement loop'),
      { attempts: 1 },
    )
    .define(
      SESSION_MANAGER_JOBS.placementNow,
      (data: { reason: string }) => new PlaceSessionsCommand(data.reason),
      { attempts: 3, backoffMs: 500 },
    )
    .schedule(
      SESSION_MANAGER_JOBS.sessionTimers,
      { everyMs: settings.TIMER_INTERVAL_SECONDS * 1000 },
      () => new AdvanceSessionTimersCommand(),
      { attempts: 1 },
    );
}

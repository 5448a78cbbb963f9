import { commonSettings, envNumber } from '@lcm/neuro-core';
import { z } from 'zod';

const minutes = (fallback: number) => envNumber().pipe(z.number().positive()).default(fallback);

/**
 * session-manager's environment (README table): the common settings on port 8083 plus the placement
 * and lifecycle timings. Every time is configurable so tests and demos can shrink them.
 */
export const sessionManagerSettings = commonSettings(8083).extend({
  /** How often the placement loop runs (it also runs right after a request or a worker becoming RUNNING). */
  PLACEMENT_INTERVAL_SECONDS: envNumber().pipe(z.number().positive()).default(30),
  /** How often the lifecycle timers (instantiate, start, stop, expire, timeouts) are checked. */
  TIMER_INTERVAL_SECONDS: envNumber().pipe(z.number().positive()).default(10),
  /** A PENDING session is placed once its start is at most this far ahead. */
  PLACEMENT_LEAD_MINUTES: minutes(35),
  /** A SCHEDULED session starts instantiating this long before its start. */
  LAB_LEAD_MINUTES: minutes(5),
  /** A session still PENDING this long after its start is EXPIRED. */
  EXPIRE_AFTER_START_MINUTES: minutes(5),
  /** An INSTANTIATING session without `lab.ready` for this long is FAILED. */
  INSTANTIATING_TIMEOUT_MINUTES: minutes(15),
  /** A COLLECTING or GRADING session without a grade this long after `collect` is stopped ungraded. */
  ASSESSMENT_TIMEOUT_MINUTES: minutes(30),
  /**
   * A session still PENDING this long after its start is EXPIRED even though capacity for it is asked for
   * or being launched (instead of EXPIRE_AFTER_START_MINUTES).
   */
  CAPACITY_WAIT_MINUTES: minutes(15),
  /** A READY or RUNNING session's owner is warned (`io.lcm.session.expiring.v1`) this long before its end. */
  EXPIRY_WARNING_MINUTES: minutes(10),
  /** Capacity asked for a session is asked again after this long if it still has none and no launch landed. */
  CAPACITY_REQUEST_TIMEOUT_MINUTES: minutes(30),
  /** The region new sessions prefer and capacity requests name. */
  DEFAULT_REGION: z.string().min(1).default('us-east-1'),
  /** lab-manager, asked for a session's CML password when its owner reads `/access`. */
  LAB_MANAGER_URL: z.url().default('http://127.0.0.1:8082'),
});

/** The parsed settings of session-manager. */
export type SessionManagerSettings = z.infer<typeof sessionManagerSettings>;

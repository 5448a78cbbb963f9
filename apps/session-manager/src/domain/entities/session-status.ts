import { SessionStatusSchema, type SessionStatus, type WorkerStatus } from '@lcm/contracts';

export type { LicenseType, SessionStatus } from '@lcm/contracts';

/** Statuses of a lablet session (docs/domain.md#session-statuses): the list the session CloudEvents carry. */
export const SESSION_STATUSES: readonly SessionStatus[] = SessionStatusSchema.options;

/** Statuses a session never leaves; kept for history. */
export const TERMINAL_STATUSES: readonly SessionStatus[] = ['STOPPED', 'FAILED', 'EXPIRED', 'CANCELLED'];

/** Placed on a worker whose lab is not up yet. */
export const LAB_NOT_UP_STATUSES: readonly SessionStatus[] = ['SCHEDULED', 'INSTANTIATING'];
/** Holding a lab that is up (or being graded). */
export const LAB_UP_STATUSES: readonly SessionStatus[] = ['READY', 'RUNNING', 'COLLECTING', 'GRADING'];
/** Every status in which a session needs its worker. */
export const ON_A_WORKER_STATUSES: readonly SessionStatus[] = [...LAB_NOT_UP_STATUSES, ...LAB_UP_STATUSES];

/** Worker statuses in which its CML, and every lab on it, is gone or going. */
export const LOST_WORKER_STATUSES: readonly WorkerStatus[] = [
  'STOPPING',
  'STOPPED',
  'TERMINATING',
  'TERMINATED',
  'FAILED',
];

/** Why placement left a session PENDING (docs/domain.md#placement `lastPlacementReason`). */
export type PlacementReason =
  'NO_RUNNING_WORKER' | 'INSUFFICIENT_LICENSE' | 'INSUFFICIENT_RESOURCES' | 'AT_CAPACITY' | 'WORKER_DRAINING';

/** A PERSONAL CML licence runs at most this many nodes (docs/domain.md#licence-types). */
export const PERSONAL_LICENSE_MAX_NODES = 20;

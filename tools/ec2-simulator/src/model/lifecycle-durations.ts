/**
 * How long each transitional state lasts and how long terminated instances stay visible. Tests use zero
 * or a few milliseconds with `advanceTime`; the embedded system uses seconds so its UI shows the steps.
 */
export interface LifecycleDurations {
  /** pending -> running, on launch and on start. */
  readonly pendingMs: number;
  /** stopping -> stopped. */
  readonly stoppingMs: number;
  /** shutting-down -> terminated. */
  readonly shuttingDownMs: number;
  /** How long a terminated instance still shows in DescribeInstances (about an hour on AWS). */
  readonly terminatedRetentionMs: number;
}

/** Defaults for the embedded `npm start`: visible but short transitions. */
export const DEFAULT_LIFECYCLE_DURATIONS: LifecycleDurations = {
  pendingMs: 2_000,
  stoppingMs: 2_000,
  shuttingDownMs: 2_000,
  terminatedRetentionMs: 60 * 60_000,
};

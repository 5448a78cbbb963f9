import { dueTransition } from './due-transition';
import { DEFAULT_LIFECYCLE_DURATIONS } from './lifecycle-durations';

const durations = { ...DEFAULT_LIFECYCLE_DURATIONS, pendingMs: 100, stoppingMs: 200, shuttingDownMs: 300 };

describe('dueTransition', () => {
  it('moves each transitional state on once its duration has passed, timed from when it began', () => {
    expect(dueTransition({ state: 'pending', stateSince: 1_000 }, 1_099, durations)).toBeUndefined();
    expect(dueTransition({ state: 'pending', stateSince: 1_000 }, 5_000, durations)).toEqual({
      to: 'running',
      at: 1_100,
    });
    expect(dueTransition({ state: 'stopping', stateSince: 0 }, 200, durations)).toEqual({
      to: 'stopped',
      at: 200,
    });
    expect(dueTransition({ state: 'shutting-down', stateSince: 0 }, 300, durations)).toEqual({
      to: 'terminated',
      at: 300,
    });
  });

  it('drops terminated instances after the retention period and leaves stable states alone', () => {
    const retention = durations.terminatedRetentionMs;
    expect(dueTransition({ state: 'terminated', stateSince: 0 }, retention, durations)).toEqual({
      to: 'gone',
      at: retention,
    });
    expect(
      dueTransition({ state: 'running', stateSince: 0 }, Number.MAX_SAFE_INTEGER, durations),
    ).toBeUndefined();
    expect(
      dueTransition({ state: 'stopped', stateSince: 0 }, Number.MAX_SAFE_INTEGER, durations),
    ).toBeUndefined();
  });
});

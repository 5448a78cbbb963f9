import type { InstanceStateName } from './instance-state';
import type { LifecycleDurations } from './lifecycle-durations';
import type { SimulatedInstance } from './simulated-instance';

/** A transition whose time has come: the next state (or `gone`, dropped from listings) and when it happened. */
export interface DueTransition {
  readonly to: InstanceStateName | 'gone';
  readonly at: number;
}

/**
 * The transition an instance has reached by `now`, if any. Pure, so the lifecycle is a function of the
 * timestamps and the durations: the same clock readings always give the same states.
 */
export function dueTransition(
  instance: Pick<SimulatedInstance, 'state' | 'stateSince'>,
  now: number,
  durations: LifecycleDurations,
): DueTransition | undefined {
  const after = (ms: number, to: DueTransition['to']) =>
    now >= instance.stateSince + ms ? { to, at: instance.stateSince + ms } : undefined;
  switch (instance.state) {
    case 'pending':
      return after(durations.pendingMs, 'running');
    case 'stopping':
      return after(durations.stoppingMs, 'stopped');
    case 'shutting-down':
      return after(durations.shuttingDownMs, 'terminated');
    case 'terminated':
      return after(durations.terminatedRetentionMs, 'gone');
    default:
      return undefined;
  }
}

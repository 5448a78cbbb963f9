import type { InstanceStateName } from './instance-state';

/** One entry of a Start/Stop/TerminateInstances answer: the state before and right after the request. */
export interface StateChange {
  readonly instanceId: string;
  readonly previousState: InstanceStateName;
  readonly currentState: InstanceStateName;
}

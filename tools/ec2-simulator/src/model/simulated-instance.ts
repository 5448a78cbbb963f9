import type { InstanceStateName } from './instance-state';

/**
 * The simulator's mutable record of one instance. `stateSince` is when the current state began: the
 * lifecycle is computed from it on each call instead of with timers, which keeps runs deterministic.
 */
export interface SimulatedInstance {
  readonly instanceId: string;
  readonly reservationId: string;
  /** Launch order, used for stable listing and pagination tokens. */
  readonly seq: number;
  readonly imageId: string;
  readonly instanceType: string;
  readonly amiLaunchIndex: number;
  readonly clientToken?: string;
  launchTime: number;
  state: InstanceStateName;
  stateSince: number;
  /** EC2's `reason` (state transition reason), e.g. `User initiated (…)`. */
  stateTransitionReason: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  /** Where the CML simulator for this instance listens, as returned by `onInstanceRunning`. */
  endpoint?: string;
  readonly tags: Map<string, string>;
  /** Status checks made to fail through the control API (both pass while running unless set here). */
  impairedChecks?: ImpairedChecks;
}

/** Which of EC2's two status checks of a running instance report `impaired`. */
export interface ImpairedChecks {
  /** The AWS side (host, network, power). */
  readonly system: boolean;
  /** The instance itself (its OS answers reachability probes). */
  readonly instance: boolean;
}

import type { InstanceSnapshot } from './instance-snapshot';

/** What `onInstanceRunning` may return: where the simulated CML server of that instance answers. */
export interface RunningInstanceResult {
  readonly endpoint: string;
}

/**
 * Callbacks that let the embedded system run a CML simulator per instance. Each runs when its transition
 * is applied, and the transition only takes effect once the callback has resolved: an instance is never
 * reported `running` before its endpoint is known. A rejection fails the EC2 call that applied it with
 * `InternalError` and leaves the instance where it was, so the next call tries again.
 */
export interface InstanceHooks {
  /** An instance is about to become `running` (after launch or start). */
  readonly onInstanceRunning?: (instance: InstanceSnapshot) => Promise<RunningInstanceResult | void>;
  /** An instance is about to become `stopped`; its endpoint is cleared. */
  readonly onInstanceStopped?: (instance: InstanceSnapshot) => Promise<void>;
  /** An instance is about to become `terminated` (by the API, behind the back, or by a reset). */
  readonly onInstanceTerminated?: (instance: InstanceSnapshot) => Promise<void>;
}

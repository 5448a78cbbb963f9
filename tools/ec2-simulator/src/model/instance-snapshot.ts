import type { InstanceStateName } from './instance-state';
import type { ImpairedChecks, SimulatedInstance } from './simulated-instance';

/**
 * A read-only, JSON-friendly copy of an instance, handed to hooks and returned by `GET /_sim/instances`,
 * so callers can neither mutate simulator state nor depend on its internal record.
 */
export interface InstanceSnapshot {
  readonly instanceId: string;
  readonly reservationId: string;
  readonly state: InstanceStateName;
  readonly imageId: string;
  readonly instanceType: string;
  readonly launchTime: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  readonly endpoint?: string;
  readonly clientToken?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Present once the control API set the instance's status checks. */
  readonly impairedChecks?: ImpairedChecks;
}

/** Copies an instance record into a snapshot. */
export function toInstanceSnapshot(instance: SimulatedInstance): InstanceSnapshot {
  return {
    instanceId: instance.instanceId,
    reservationId: instance.reservationId,
    state: instance.state,
    imageId: instance.imageId,
    instanceType: instance.instanceType,
    launchTime: new Date(instance.launchTime).toISOString(),
    privateIpAddress: instance.privateIpAddress,
    publicIpAddress: instance.publicIpAddress,
    endpoint: instance.endpoint,
    clientToken: instance.clientToken,
    tags: Object.fromEntries(instance.tags),
    ...(instance.impairedChecks ? { impairedChecks: { ...instance.impairedChecks } } : {}),
  };
}

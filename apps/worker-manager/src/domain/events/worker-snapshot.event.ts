import { DomainEvent } from '@lcm/neuro-core/domain';
import type { LicenseType, ServiceStatus, WorkerCapacity, WorkerStatus } from '../entities/worker-values';

/** The fields every worker event carries, so a consumer can keep a read model from any single one. */
export type WorkerSnapshot = Omit<WorkerSnapshotEvent, keyof DomainEvent>;

/**
 * Base of the worker events: copies the snapshot into the event's own fields (which become the CloudEvent
 * data), so every worker event matches the contract's WorkerSnapshotSchema.
 */
export abstract class WorkerSnapshotEvent extends DomainEvent {
  declare readonly workerId: string;
  declare readonly status: WorkerStatus;
  declare readonly templateName: string;
  declare readonly region: string;
  declare readonly licenseType: LicenseType;
  declare readonly capacity: WorkerCapacity;
  declare readonly httpsEndpoint: string | null;
  /** Placement offers a RUNNING worker only while this is AVAILABLE. */
  declare readonly serviceStatus: ServiceStatus;

  constructor(snapshot: WorkerSnapshot, occurredAt: Date) {
    super(snapshot.workerId, occurredAt);
    Object.assign(this, { ...snapshot, capacity: { ...snapshot.capacity } });
  }
}

import { DomainEvent } from '@lcm/neuro-core/domain';
import type { LicenseType, WorkerCapacity, WorkerStatus } from '../entities/worker-values';

/** The fields every worker event carries, so a consumer can keep a read model from any single one. */
export interface WorkerSnapshot {
  readonly workerId: string;
  readonly status: WorkerStatus;
  readonly templateName: string;
  readonly region: string;
  readonly licenseType: LicenseType;
  readonly capacity: WorkerCapacity;
  readonly httpsEndpoint: string | null;
}

/**
 * Base of the worker events: copies the snapshot into the event's own fields (which become the CloudEvent
 * data), so every worker event matches the contract's WorkerSnapshotSchema.
 */
export abstract class WorkerSnapshotEvent extends DomainEvent implements WorkerSnapshot {
  readonly workerId: string;
  readonly status: WorkerStatus;
  readonly templateName: string;
  readonly region: string;
  readonly licenseType: LicenseType;
  readonly capacity: WorkerCapacity;
  readonly httpsEndpoint: string | null;

  constructor(snapshot: WorkerSnapshot, occurredAt: Date) {
    super(snapshot.workerId, occurredAt);
    this.workerId = snapshot.workerId;
    this.status = snapshot.status;
    this.templateName = snapshot.templateName;
    this.region = snapshot.region;
    this.licenseType = snapshot.licenseType;
    this.capacity = { ...snapshot.capacity };
    this.httpsEndpoint = snapshot.httpsEndpoint;
  }
}

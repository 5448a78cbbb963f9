import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';
import type { LicenseType } from '../entities/session-status';

/** One waiting session's part of a capacity request. */
export interface SessionCapacityDemand {
  readonly sessionId: string;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
}

/**
 * session-manager asks worker-manager for more capacity for sessions that could not be placed: their
 * summed demand and each one's own (`demands`), so worker-manager can pack them into several workers. One
 * per need, not one per placement loop.
 */
@cloudevent('io.lcm.capacity.requested.v1')
export class CapacityRequested extends DomainEvent {
  constructor(
    shortfallId: string,
    occurredAt: Date,
    readonly requestId: string,
    readonly cpuCores: number,
    readonly memoryGb: number,
    readonly storageGb: number,
    readonly nodeCount: number,
    readonly licenseType: LicenseType,
    readonly region: string,
    readonly neededBy: string,
    readonly demands: readonly SessionCapacityDemand[],
  ) {
    super(shortfallId, occurredAt);
  }
}

import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';
import type { LicenseType } from '../entities/session-status';

/**
 * session-manager asks worker-manager for more capacity: one per shortfall, carrying the summed demand of
 * the sessions that could not be placed, so the fleet grows once per need and not once per placement loop.
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
  ) {
    super(shortfallId, occurredAt);
  }
}

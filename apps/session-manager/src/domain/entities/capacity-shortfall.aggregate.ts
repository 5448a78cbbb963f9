import { AggregateRoot } from '@lcm/neuro-core/domain';
import { CapacityRequested } from '../events/capacity-requested.event';
import type { LicenseType } from './session-status';

/** The summed demand of the sessions placement could not place, for one licence type and region. */
export interface ShortfallDemand {
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
  readonly neededBy: Date;
}

/** The capacity request currently open for one licence type and region, if any. */
export interface CapacityShortfallState {
  licenseType: LicenseType;
  region: string;
  openRequestId: string | null;
  requestedAt: string | null;
}

/**
 * One kind of missing capacity (licence type + region; id `<LICENSE>.<region>`). It asks worker-manager
 * once per shortfall: while its request is open and not timed out, later placement loops that still see
 * the shortfall stay silent; a loop that sees none closes it, and a timed-out one is asked again.
 */
export class CapacityShortfall extends AggregateRoot<CapacityShortfallState> {
  /** The id of the shortfall for a licence type and region. */
  static idOf(licenseType: LicenseType, region: string): string {
    return `${licenseType}.${region}`;
  }

  /** A shortfall with no open request yet. */
  static of(licenseType: LicenseType, region: string): CapacityShortfall {
    return new CapacityShortfall(CapacityShortfall.idOf(licenseType, region), {
      licenseType,
      region,
      openRequestId: null,
      requestedAt: null,
    });
  }

  get openRequestId(): string | null {
    return this._state.openRequestId;
  }

  /**
   * Records that sessions still lack capacity; asks (one `io.lcm.capacity.requested.v1`) unless a request
   * younger than `timeoutMs` is still open. Returns whether it asked.
   */
  report(demand: ShortfallDemand, requestId: string, now: Date, timeoutMs: number): boolean {
    const open =
      this._state.requestedAt !== null && now.getTime() - Date.parse(this._state.requestedAt) < timeoutMs;
    if (this._state.openRequestId !== null && open) return false;
    this._state.openRequestId = requestId;
    this._state.requestedAt = now.toISOString();
    this.registerEvent(
      new CapacityRequested(
        this.id,
        now,
        requestId,
        demand.cpuCores,
        demand.memoryGb,
        demand.storageGb,
        demand.nodeCount,
        this._state.licenseType,
        this._state.region,
        demand.neededBy.toISOString(),
      ),
    );
    return true;
  }

  /** Every session of this kind found a worker: the open request is satisfied. Returns whether one was open. */
  satisfy(): boolean {
    if (this._state.openRequestId === null) return false;
    this._state.openRequestId = null;
    this._state.requestedAt = null;
    return true;
  }
}

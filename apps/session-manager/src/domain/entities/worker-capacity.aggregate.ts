import { AggregateRoot } from '@lcm/neuro-core/domain';
import { isOlderThanHeld } from './event-time';
import type { LicenseType } from './session-status';
import type { WorkerLimits } from './worker-allocation.aggregate';

/** What a worker can hold. */
export interface Capacity {
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly maxNodes: number;
}

/** What worker-manager's events tell about one worker, as session-manager keeps it. */
export interface WorkerCapacityState {
  status: string;
  templateName: string;
  region: string;
  licenseType: LicenseType;
  capacity: Capacity;
  httpsEndpoint: string | null;
  /**
   * Whether its CML serves (worker-manager's health checks): DEGRADED or UNAVAILABLE workers are not
   * offered to sessions. Absent from events of workers before health checks existed: AVAILABLE.
   */
  serviceStatus?: string;
  /** How many ports sessions may use on it (the worker port range, default 2000–9999). */
  portCount: number;
  /** `time` of the newest event applied; older events arriving late are ignored. */
  observedAt: string;
}

/** Ports in the default worker port range 2000–9999 (docs/domain.md#ports). */
export const DEFAULT_PORT_COUNT = 9999 - 2000 + 1;

/**
 * session-manager's read model of one worker, fed only by `io.lcm.worker.*` CloudEvents. Every worker
 * event carries a full snapshot, so the newest one alone is the truth; an out-of-order older event is
 * ignored so a late `STARTING` never hides a `RUNNING`.
 */
export class WorkerCapacity extends AggregateRoot<WorkerCapacityState> {
  /** A worker first seen through one of its events. */
  static observe(workerId: string, snapshot: Omit<WorkerCapacityState, 'portCount'>): WorkerCapacity {
    return new WorkerCapacity(workerId, {
      ...snapshot,
      capacity: { ...snapshot.capacity },
      portCount: DEFAULT_PORT_COUNT,
    });
  }

  /** Applies a newer snapshot; returns false (and changes nothing) when the snapshot is older than what it has. */
  apply(snapshot: Omit<WorkerCapacityState, 'portCount'>): boolean {
    if (isOlderThanHeld(snapshot.observedAt, this._state.observedAt)) return false;
    this._state = { ...snapshot, capacity: { ...snapshot.capacity }, portCount: this._state.portCount };
    return true;
  }

  /** RUNNING with a CML that serves: placement offers it to sessions. */
  get offerable(): boolean {
    return this._state.status === 'RUNNING' && (this._state.serviceStatus ?? 'AVAILABLE') === 'AVAILABLE';
  }

  /** What allocations on this worker are checked against. */
  limits(): WorkerLimits {
    return { capacity: this._state.capacity, portCount: this._state.portCount };
  }
}

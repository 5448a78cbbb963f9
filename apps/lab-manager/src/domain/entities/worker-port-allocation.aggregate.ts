import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import type { PortMap } from './port-placeholders';

/** The stored state: which lab record owns which ports on one worker. */
export interface WorkerPortAllocationState {
  workerId: string;
  /** Ports by owning LabRecord id. */
  owners: Record<string, PortMap>;
  /** When each owner got its ports (absent in ledgers saved before it was kept). */
  allocatedAt?: Record<string, string>;
}

/**
 * The port ledger of one worker. Saved with optimistic concurrency, so two allocations that read the
 * same ledger cannot both be saved: the loser re-reads and picks other ports.
 */
export class WorkerPortAllocation extends AggregateRoot<WorkerPortAllocationState> {
  /** An empty ledger for a worker (its id is the worker id). */
  static open(workerId: string): WorkerPortAllocation {
    return new WorkerPortAllocation(workerId, { workerId, owners: {} });
  }

  /** Builds a ledger back from storage. */
  static rehydrate(id: string, state: WorkerPortAllocationState, stateVersion: number): WorkerPortAllocation {
    return new WorkerPortAllocation(id, state, stateVersion);
  }

  /**
   * Gives a lab record one free port per name, lowest first, within `[start, end]`. Idempotent: a record
   * that already owns ports gets the same ones back. Refused when the range has too few free ports.
   */
  allocate(
    labRecordId: string,
    names: readonly string[],
    range: { start: number; end: number },
    at: Date,
  ): DomainResult<PortMap> {
    const owned = this._state.owners[labRecordId];
    if (owned) return DomainResult.ok({ ...owned });
    const used = new Set(Object.values(this._state.owners).flatMap((ports) => Object.values(ports)));
    const ports: PortMap = {};
    let candidate = range.start;
    for (const name of names) {
      while (candidate <= range.end && used.has(candidate)) candidate++;
      if (candidate > range.end) {
        return DomainResult.fail(
          `worker ${this.id} has fewer than ${names.length} free ports in ${range.start}-${range.end} for lab record ${labRecordId}`,
        );
      }
      ports[name] = candidate++;
    }
    if (names.length > 0) {
      this._state.owners[labRecordId] = ports;
      (this._state.allocatedAt ??= {})[labRecordId] = at.toISOString();
    }
    return DomainResult.ok({ ...ports });
  }

  /** Frees the ports of a deleted lab record; false when it owned none. */
  release(labRecordId: string): boolean {
    if (!this._state.owners[labRecordId]) return false;
    delete this._state.owners[labRecordId];
    delete this._state.allocatedAt?.[labRecordId];
    return true;
  }

  /**
   * Frees the ports of owners that are not live lab records and got them before `allocatedBefore`: left by
   * a crash between allocating and saving the record, or between deleting a record and freeing its ports.
   * The grace keeps an allocation whose record is being saved right now. Returns the freed owners.
   */
  reclaimUnowned(liveRecordIds: ReadonlySet<string>, allocatedBefore: Date): string[] {
    const freed: string[] = [];
    for (const owner of Object.keys(this._state.owners)) {
      if (liveRecordIds.has(owner)) continue;
      const at = this._state.allocatedAt?.[owner];
      if (at && Date.parse(at) >= allocatedBefore.getTime()) continue;
      this.release(owner);
      freed.push(owner);
    }
    return freed;
  }

  /** How many ports are taken on this worker. */
  get usedPorts(): number {
    return Object.values(this._state.owners).reduce((sum, ports) => sum + Object.keys(ports).length, 0);
  }
}

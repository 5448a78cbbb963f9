import { AggregateRoot, DomainResult } from '@lcm/neuro-core';
import type { PortMap } from './port-placeholders';

/** The stored state: which lab record owns which ports on one worker. */
export interface WorkerPortAllocationState {
  workerId: string;
  /** Ports by owning LabRecord id. */
  owners: Record<string, PortMap>;
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
    if (names.length > 0) this._state.owners[labRecordId] = ports;
    return DomainResult.ok({ ...ports });
  }

  /** Frees the ports of a deleted lab record; false when it owned none. */
  release(labRecordId: string): boolean {
    if (!this._state.owners[labRecordId]) return false;
    delete this._state.owners[labRecordId];
    return true;
  }

  /** How many ports are taken on this worker. */
  get usedPorts(): number {
    return Object.values(this._state.owners).reduce((sum, ports) => sum + Object.keys(ports).length, 0);
  }
}

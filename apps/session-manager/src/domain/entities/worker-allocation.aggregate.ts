import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import { freeCapacityDuring, sessionsThatFit } from '../services/capacity-window';
import type { Allocation } from './allocation';
import type { Capacity } from './worker-capacity.aggregate';

/** The sessions holding capacity on one worker. */
export interface WorkerAllocationState {
  allocations: Allocation[];
}

/** The worker facts an allocation is checked against. */
export interface WorkerLimits {
  readonly capacity: Capacity;
  readonly portCount: number;
}

/**
 * The capacity sessions hold on one worker, one versioned aggregate per worker (id = worker id). Every
 * placement re-checks the worker's free capacity here and saves with optimistic concurrency, so of two
 * placements racing for the last capacity only the first save wins; the other reads the allocation again,
 * finds the capacity taken and leaves its session PENDING for the next loop.
 */
export class WorkerAllocation extends AggregateRoot<WorkerAllocationState> {
  /** An empty allocation for a worker. */
  static empty(workerId: string): WorkerAllocation {
    return new WorkerAllocation(workerId, { allocations: [] });
  }

  get allocations(): readonly Allocation[] {
    return this._state.allocations;
  }

  /** Holds capacity for a session if the worker has it for the whole timeslot; idempotent per session. */
  allocate(allocation: Allocation, limits: WorkerLimits, now: Date): DomainResult {
    this.forgetEndedBefore(now.getTime());
    if (this._state.allocations.some((a) => a.sessionId === allocation.sessionId)) return DomainResult.ok();
    const free = freeCapacityDuring(
      limits.capacity,
      limits.portCount,
      this._state.allocations,
      allocation.start,
      allocation.end,
    );
    if (sessionsThatFit(free, allocation) < 1) {
      return DomainResult.fail(
        `worker ${this.id} has no free capacity for lablet session ${allocation.sessionId} ` +
          `from ${new Date(allocation.start).toISOString()} to ${new Date(allocation.end).toISOString()}`,
      );
    }
    this._state.allocations.push({ ...allocation });
    return DomainResult.ok();
  }

  /** Moves a session's end later if the worker stays free for the extra time (earlier always works). */
  extend(sessionId: string, newEnd: Date, limits: WorkerLimits): DomainResult {
    const index = this._state.allocations.findIndex((a) => a.sessionId === sessionId);
    if (index < 0)
      return DomainResult.fail(`worker ${this.id} holds no capacity for lablet session ${sessionId}`);
    const current = this._state.allocations[index];
    if (newEnd.getTime() <= current.end) {
      this._state.allocations[index] = { ...current, end: newEnd.getTime() };
      return DomainResult.ok();
    }
    const others = this._state.allocations.filter((a) => a.sessionId !== sessionId);
    const free = freeCapacityDuring(limits.capacity, limits.portCount, others, current.end, newEnd.getTime());
    if (sessionsThatFit(free, current) < 1) {
      return DomainResult.fail(
        `worker ${this.id} is taken between ${new Date(current.end).toISOString()} and ${newEnd.toISOString()}; ` +
          `lablet session ${sessionId} cannot be extended`,
      );
    }
    this._state.allocations[index] = { ...current, end: newEnd.getTime() };
    return DomainResult.ok();
  }

  /** Frees a session's capacity; false when it held none here. */
  release(sessionId: string): boolean {
    const before = this._state.allocations.length;
    this._state.allocations = this._state.allocations.filter((a) => a.sessionId !== sessionId);
    return this._state.allocations.length !== before;
  }

  private forgetEndedBefore(now: number): void {
    this._state.allocations = this._state.allocations.filter((a) => a.end > now);
  }
}

import { CLOCK, type Clock, DomainResult, retryOnConflict } from '@lcm/neuro-core';
import { inject, injectable } from 'inversify';
import type { PortMap } from '../../domain/entities/port-placeholders';
import { WorkerPortAllocation } from '../../domain/entities/worker-port-allocation.aggregate';
import {
  WORKER_PORT_ALLOCATION_REPOSITORY,
  type WorkerPortAllocationRepository,
} from '../../domain/repositories/worker-port-allocation.repository';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/**
 * Allocates and frees ports in a worker's ledger. Allocations for one worker queue up inside this
 * process (so 200 at once do not all race), and the ledger's optimistic concurrency keeps replicas
 * from handing out the same port: a lost race re-reads the ledger and tries again.
 */
@injectable()
export class PortAllocator {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    @inject(WORKER_PORT_ALLOCATION_REPOSITORY) private readonly ledgers: WorkerPortAllocationRepository,
    @inject(LAB_MANAGER_SETTINGS)
    private readonly settings: Pick<LabManagerSettings, 'PORT_RANGE_START' | 'PORT_RANGE_END'>,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One free port per name for a lab record on a worker (the same ones again if it has some). */
  allocate(workerId: string, labRecordId: string, names: readonly string[]): Promise<DomainResult<PortMap>> {
    const range = { start: this.settings.PORT_RANGE_START, end: this.settings.PORT_RANGE_END };
    return this.serialized(workerId, () =>
      retryOnConflict(async () => {
        const ledger = (await this.ledgers.get(workerId)) ?? WorkerPortAllocation.open(workerId);
        const result = ledger.allocate(labRecordId, names, range, this.clock.now());
        // A ledger another replica created meanwhile is a lost race too: the retry reads it.
        if (result.ok && names.length > 0) await this.ledgers.upsert(ledger);
        return result;
      }),
    );
  }

  /** Frees a deleted lab record's ports. */
  release(workerId: string, labRecordId: string): Promise<void> {
    return this.serialized(workerId, () =>
      retryOnConflict(async () => {
        const ledger = await this.ledgers.get(workerId);
        if (ledger?.release(labRecordId)) await this.ledgers.update(ledger);
      }),
    );
  }

  /** Frees ports on a worker held by no live lab record for longer than `graceMs`; returns their owners. */
  reclaimUnowned(workerId: string, liveRecordIds: ReadonlySet<string>, graceMs: number): Promise<string[]> {
    return this.serialized(workerId, () =>
      retryOnConflict(async () => {
        const ledger = await this.ledgers.get(workerId);
        if (!ledger) return [];
        const freed = ledger.reclaimUnowned(liveRecordIds, new Date(this.clock.now().getTime() - graceMs));
        if (freed.length > 0) await this.ledgers.update(ledger);
        return freed;
      }),
    );
  }

  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}

import type { Repository } from '@lcm/neuro-core/domain';
import type { WorkerAllocation } from '../entities/worker-allocation.aggregate';

/** The capacity held on each worker (id = worker id), saved with optimistic concurrency. */
export type WorkerAllocationRepository = Repository<WorkerAllocation>;
/** DI token of the WorkerAllocationRepository. */
export const WORKER_ALLOCATION_REPOSITORY = Symbol.for('lcm.WorkerAllocationRepository');

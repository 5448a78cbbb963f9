import { Repository } from '@lcm/neuro-core/domain';
import type { WorkerPortAllocation } from '../entities/worker-port-allocation.aggregate';

/** Where the per-worker port ledgers live (id = worker id). */
export abstract class WorkerPortAllocationRepository extends Repository<WorkerPortAllocation> {}

/** DI token of the WorkerPortAllocationRepository. */
export const WORKER_PORT_ALLOCATION_REPOSITORY = Symbol.for('lcm.WorkerPortAllocationRepository');

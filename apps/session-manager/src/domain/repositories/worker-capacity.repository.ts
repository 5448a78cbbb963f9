import type { Repository } from '@lcm/neuro-core/domain';
import type { WorkerCapacity } from '../entities/worker-capacity.aggregate';

/** The WorkerCapacity read model, one document per worker. */
export type WorkerCapacityRepository = Repository<WorkerCapacity>;
/** DI token of the WorkerCapacityRepository. */
export const WORKER_CAPACITY_REPOSITORY = Symbol.for('lcm.WorkerCapacityRepository');

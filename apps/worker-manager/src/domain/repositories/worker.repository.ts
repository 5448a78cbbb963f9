import { Repository } from '@lcm/neuro-core/domain';
import type { CmlWorker } from '../entities/cml-worker.aggregate';

/** Storage of CML workers, by id. The host builds the in-memory or MongoDB implementation and binds it to the token. */
export abstract class WorkerRepository extends Repository<CmlWorker> {}

/** DI token of the WorkerRepository. */
export const WORKER_REPOSITORY = Symbol.for('lcm.WorkerRepository');

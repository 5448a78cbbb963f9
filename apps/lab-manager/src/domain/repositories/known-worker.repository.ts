import { Repository } from '@lcm/neuro-core/domain';
import type { KnownWorker } from '../entities/known-worker.aggregate';

/** Where the worker read model lives (id = worker id). */
export abstract class KnownWorkerRepository extends Repository<KnownWorker> {}

/** DI token of the KnownWorkerRepository. */
export const KNOWN_WORKER_REPOSITORY = Symbol.for('lcm.KnownWorkerRepository');

import { Repository } from '@lcm/neuro-core/domain';
import type { WorkerTemplate } from '../entities/worker-template.aggregate';

/** Storage of worker templates, keyed by name. The host builds the in-memory or MongoDB implementation and binds it to the token. */
export abstract class WorkerTemplateRepository extends Repository<WorkerTemplate> {}

/** DI token of the WorkerTemplateRepository. */
export const WORKER_TEMPLATE_REPOSITORY = Symbol.for('lcm.WorkerTemplateRepository');

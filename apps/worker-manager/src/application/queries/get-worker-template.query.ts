import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { type WorkerTemplateDto, toWorkerTemplateDto } from '../dtos/worker-template.dto';

/** One worker template by name. */
export class GetWorkerTemplateQuery extends Query<WorkerTemplateDto> {
  static readonly schema = z.object({ name: z.string().min(1) });

  constructor(readonly name: string) {
    super();
  }
}

/** Handles GetWorkerTemplateQuery. */
@queryHandler(GetWorkerTemplateQuery)
export class GetWorkerTemplateQueryHandler extends QueryHandler<GetWorkerTemplateQuery> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle({ name }: GetWorkerTemplateQuery) {
    const template = await this.templates.get(name);
    return template ? this.ok(toWorkerTemplateDto(template)) : this.notFound('WorkerTemplate', name);
  }
}

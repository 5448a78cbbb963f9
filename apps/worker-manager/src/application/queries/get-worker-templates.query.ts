import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { type WorkerTemplateDto, toWorkerTemplateDto } from '../dtos/worker-template.dto';

/** Lists every worker template, cheapest first. */
export class GetWorkerTemplatesQuery extends Query<WorkerTemplateDto[]> {}

/** Handles GetWorkerTemplatesQuery. */
@queryHandler(GetWorkerTemplatesQuery)
export class GetWorkerTemplatesQueryHandler extends QueryHandler<GetWorkerTemplatesQuery> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle() {
    const templates = await this.templates.find({}, { sort: { costPerHourUsd: 1 } });
    return this.ok(templates.map(toWorkerTemplateDto));
  }
}

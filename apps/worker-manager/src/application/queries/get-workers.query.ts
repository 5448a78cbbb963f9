import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_STATUSES, type WorkerStatus } from '../../domain/entities/worker-values';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';

/** Lists workers, optionally by status, region and template, oldest first. */
export class GetWorkersQuery extends Query<WorkerDto[]> {
  static readonly schema = z.object({
    status: z.enum(WORKER_STATUSES as [WorkerStatus, ...WorkerStatus[]]).optional(),
    region: z.string().optional(),
    templateName: z.string().optional(),
  });

  constructor(
    readonly status?: WorkerStatus,
    readonly region?: string,
    readonly templateName?: string,
  ) {
    super();
  }
}

/** Handles GetWorkersQuery. */
@queryHandler(GetWorkersQuery)
export class GetWorkersQueryHandler extends QueryHandler<GetWorkersQuery> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;

  async handle({ status, region, templateName }: GetWorkersQuery) {
    const filter = {
      ...(status ? { status } : {}),
      ...(region ? { region } : {}),
      ...(templateName ? { templateName } : {}),
    };
    const workers = await this.workers.find(filter, { sort: { createdAt: 1 } });
    return this.ok(workers.map(toWorkerDto));
  }
}

import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';

/** One worker by id (TERMINATED ones included: the record stays). */
export class GetWorkerQuery extends Query<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/** Handles GetWorkerQuery. */
@queryHandler(GetWorkerQuery)
export class GetWorkerQueryHandler extends QueryHandler<GetWorkerQuery> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;

  async handle({ workerId }: GetWorkerQuery) {
    const worker = await this.workers.get(workerId);
    return worker ? this.ok(toWorkerDto(worker)) : this.notFound('CmlWorker', workerId);
  }
}

import { CLOCK, type Clock, type DomainResult, OperationResult } from '@lcm/neuro-core';
import { inject, injectable } from 'inversify';
import type { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../queries/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from './background-jobs';

/**
 * The shared shape of the worker commands: load (404), ask the aggregate (409 naming the status), save
 * only when something changed, queue a reconcile of that worker, answer 202 with the worker.
 */
@injectable()
export class WorkerChanges {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJobs,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Applies `change` to the worker; its DomainResult says whether anything changed. */
  async apply(
    workerId: string,
    change: (worker: CmlWorker, now: Date) => DomainResult<boolean>,
    answer: 'accepted' | 'ok' = 'accepted',
  ): Promise<OperationResult<WorkerDto>> {
    const worker = await this.workers.get(workerId);
    if (!worker) return OperationResult.notFound('CmlWorker', workerId);
    const result = change(worker, this.clock.now());
    if (!result.ok) return OperationResult.conflict(result.error);
    if (result.value) {
      await this.workers.update(worker);
      await this.jobs.reconcileWorker(worker.id, worker.stateVersion);
    }
    return OperationResult[answer](toWorkerDto(worker));
  }
}

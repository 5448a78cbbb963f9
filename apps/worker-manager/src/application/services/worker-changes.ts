import {
  CLOCK,
  type Clock,
  type DomainResult,
  type Failure,
  OperationResult,
  loadActSave,
} from '@lcm/neuro-core';
import { inject, injectable } from 'inversify';
import type { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from './background-jobs';

/** How WorkerChanges answers and retries. */
export interface WorkerChangeOptions {
  /** The success status: 202 (default: the reconciler carries the change out) or 200. */
  readonly answer?: 'accepted' | 'ok';
  /** Tries in all when the save loses a race (each from a fresh read); default 1 (a lost race is 409). */
  readonly attempts?: number;
}

/**
 * What the operator commands on a worker add to load-act-save: a worker that changed gets a reconcile
 * queued (the reconciler makes EC2 and CML follow), and the answer carries the worker.
 */
@injectable()
export class WorkerChanges {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJobs,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Applies `change` to the worker; its DomainResult says whether anything changed (false: not saved), or
   * a Failure is answered as it is.
   */
  async apply(
    workerId: string,
    change: (worker: CmlWorker, now: Date) => DomainResult<boolean> | Failure,
    { answer = 'accepted', attempts = 1 }: WorkerChangeOptions = {},
  ): Promise<OperationResult<WorkerDto>> {
    const acted = await loadActSave(
      this.workers,
      workerId,
      'CmlWorker',
      (worker) => change(worker, this.clock.now()),
      { attempts },
    );
    if (!acted.ok) return acted;
    const { aggregate: worker, saved } = acted.value;
    if (saved) await this.jobs.reconcileWorker(worker.id, worker.stateVersion);
    return OperationResult[answer](toWorkerDto(worker));
  }
}

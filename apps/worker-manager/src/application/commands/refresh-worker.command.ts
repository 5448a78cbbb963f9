import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';

/** Asks for a worker to be reconciled now (EC2 state, CML health and metrics) instead of at the next sweep. */
export class RefreshWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/** Handles RefreshWorkerCommand: queues the reconcile and answers 202 with the worker as it is now. */
@commandHandler(RefreshWorkerCommand)
export class RefreshWorkerCommandHandler extends CommandHandler<RefreshWorkerCommand> {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJobs,
  ) {
    super();
  }

  async handle({ workerId }: RefreshWorkerCommand) {
    const worker = await this.workers.get(workerId);
    if (!worker) return this.notFound('CmlWorker', workerId);
    if (!worker.isLive) return this.conflict(`worker ${worker.id} is TERMINATED; refresh is not allowed`);
    await this.jobs.reconcileWorker(worker.id);
    return this.accepted(toWorkerDto(worker));
  }
}

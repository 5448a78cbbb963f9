import { CLOCK, type Clock, Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';

/** Deregisters a worker's CML licence in the background (answers 202 at once). */
export class DeregisterLicenseCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles DeregisterLicenseCommand: 409 unless RUNNING/DRAINING with no licence operation underway. */
@commandHandler(DeregisterLicenseCommand)
export class DeregisterLicenseCommandHandler extends CommandHandler<DeregisterLicenseCommand> {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJobs,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ workerId, requestedBy }: DeregisterLicenseCommand) {
    const worker = await this.workers.get(workerId);
    if (!worker) return this.notFound('CmlWorker', workerId);
    const begun = worker.beginLicenseOperation('DEREGISTER', requestedBy, this.clock.now());
    if (!begun.ok) return this.conflict(begun.error);
    await this.workers.update(worker);
    await this.jobs.deregisterLicense(worker.id);
    return this.accepted(toWorkerDto(worker));
  }
}

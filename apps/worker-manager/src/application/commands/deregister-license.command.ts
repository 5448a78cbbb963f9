import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
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
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;

  async handle({ workerId, requestedBy }: DeregisterLicenseCommand) {
    const acted = await loadActSave(this.workers, workerId, 'CmlWorker', (worker) =>
      worker.beginLicenseOperation('DEREGISTER', requestedBy, this.clock.now()),
    );
    if (!acted.ok) return acted;
    await this.jobs.deregisterLicense(workerId);
    return this.accepted(toWorkerDto(acted.value.aggregate));
  }
}

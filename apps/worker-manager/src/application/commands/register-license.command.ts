import {
  Command,
  CommandHandler,
  OperationResult,
  SETTINGS,
  commandHandler,
  loadActSave,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { CML_GATEWAY, type CmlGateway } from '../../domain/services/cml-gateway';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import type { WorkerManagerSettings } from '../settings';

/**
 * Registers a RUNNING worker's CML licence with a Smart Licensing token: CML accepts at once and registers
 * in the background, which a job polls (every LICENSE_POLL_INTERVAL_MS, LICENSE_POLL_ATTEMPTS times).
 * The token goes to CML only: never stored, logged or put in a job.
 */
export class RegisterLicenseCommand extends Command<WorkerDto> {
  static readonly schema = z.object({
    workerId: z.string().min(1),
    token: z.string().min(1, 'a licence token is required').max(4096),
    requestedBy: z.string().min(1),
  });

  constructor(
    readonly workerId: string,
    readonly token: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles RegisterLicenseCommand: 409 unless RUNNING with no licence operation underway, 502 when CML refuses. */
@commandHandler(RegisterLicenseCommand)
export class RegisterLicenseCommandHandler extends CommandHandler<RegisterLicenseCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(CML_GATEWAY) private readonly cml!: CmlGateway;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;
  @inject(SETTINGS) private readonly settings!: WorkerManagerSettings;

  async handle({ workerId, token, requestedBy }: RegisterLicenseCommand) {
    // One attempt only: the act hands the token to CML, which must not happen twice.
    const acted = await loadActSave(this.workers, workerId, 'CmlWorker', async (worker) => {
      const begun = worker.beginLicenseOperation('REGISTER', requestedBy, this.clock.now());
      if (!begun.ok) return begun;
      try {
        await this.cml.registerLicense(worker.state.httpsEndpoint as string, token);
      } catch (error) {
        this.logger.warn({ workerId, err: error }, 'CML refused the licence registration');
        return OperationResult.fail(
          502,
          `CML on worker ${workerId} did not accept the registration: ${(error as Error).message}`,
        );
      }
      return begun;
    });
    if (!acted.ok) return acted;
    await this.jobs.pollLicense(workerId, 1, this.settings.LICENSE_POLL_INTERVAL_MS);
    return this.accepted(toWorkerDto(acted.value.aggregate));
  }
}

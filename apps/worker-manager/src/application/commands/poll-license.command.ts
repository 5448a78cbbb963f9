import { Command, CommandHandler, SETTINGS, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { CML_GATEWAY, type CmlGateway, type CmlLicenseState } from '../../domain/services/cml-gateway';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import type { WorkerManagerSettings } from '../settings';

/** One poll of CML's licensing status during a registration (the background job's command). */
export class PollLicenseCommand extends Command<{ licenseStatus: string; done: boolean }> {
  static readonly schema = z.object({ workerId: z.string().min(1), attempt: z.number().int().positive() });

  constructor(
    readonly workerId: string,
    readonly attempt: number,
  ) {
    super();
  }
}

/**
 * Handles PollLicenseCommand: REGISTERED ends the operation, FAILED ends it as INVALID, anything else polls
 * again until the attempts run out (then the operation ends with an error saying so).
 */
@commandHandler(PollLicenseCommand)
export class PollLicenseCommandHandler extends CommandHandler<PollLicenseCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(CML_GATEWAY) private readonly cml!: CmlGateway;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;
  @inject(SETTINGS) private readonly settings!: WorkerManagerSettings;

  async handle({ workerId, attempt }: PollLicenseCommand) {
    const worker = await this.workers.get(workerId);
    if (!worker) return this.notFound('CmlWorker', workerId);
    const license = worker.state.license;
    if (license.pendingOperation !== 'REGISTER' || !worker.state.httpsEndpoint) {
      return this.ok({ licenseStatus: license.status, done: true });
    }
    let state: CmlLicenseState | undefined;
    try {
      state = await this.cml.licenseState(worker.state.httpsEndpoint);
    } catch {
      state = undefined;
    }
    const now = this.clock.now();
    if (state === 'REGISTERED') worker.completeLicenseOperation('REGISTERED', null, now);
    else if (state === 'FAILED' || state === 'INVALID')
      worker.completeLicenseOperation('INVALID', 'CML reported the registration failed', now);
    else if (attempt >= this.settings.LICENSE_POLL_ATTEMPTS) {
      worker.completeLicenseOperation(
        license.status,
        `registration not confirmed after ${attempt} polls`,
        now,
      );
    } else {
      await this.jobs.pollLicense(workerId, attempt + 1, this.settings.LICENSE_POLL_INTERVAL_MS);
      return this.ok({ licenseStatus: license.status, done: false });
    }
    await this.workers.update(worker);
    return this.ok({ licenseStatus: worker.state.license.status, done: true });
  }
}

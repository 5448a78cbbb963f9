import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { CML_GATEWAY, type CmlGateway } from '../../domain/services/cml-gateway';

/** Performs a requested licence deregistration on CML (the background job's command). */
export class RunLicenseDeregistrationCommand extends Command<{ licenseStatus: string }> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/**
 * Handles RunLicenseDeregistrationCommand: CML's 204 and 202 (done locally) mean UNREGISTERED, and so does
 * 400 (nothing was registered); a failure to reach CML ends the operation with the error recorded.
 */
@commandHandler(RunLicenseDeregistrationCommand)
export class RunLicenseDeregistrationCommandHandler extends CommandHandler<RunLicenseDeregistrationCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(CML_GATEWAY) private readonly cml!: CmlGateway;

  async handle({ workerId }: RunLicenseDeregistrationCommand) {
    const worker = await this.workers.get(workerId);
    if (!worker) return this.notFound('CmlWorker', workerId);
    const { license, httpsEndpoint } = worker.state;
    if (license.pendingOperation !== 'DEREGISTER') return this.ok({ licenseStatus: license.status });
    try {
      if (!httpsEndpoint) throw new Error('the worker has no CML endpoint');
      await this.cml.deregisterLicense(httpsEndpoint);
      worker.completeLicenseOperation('UNREGISTERED', null, this.clock.now());
    } catch (error) {
      this.logger.warn({ workerId, err: error }, 'licence deregistration failed');
      worker.completeLicenseOperation(
        license.status,
        `deregistration failed: ${(error as Error).message}`,
        this.clock.now(),
      );
    }
    await this.workers.update(worker);
    return this.ok({ licenseStatus: worker.state.license.status });
  }
}

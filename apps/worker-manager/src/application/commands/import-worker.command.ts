import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { EC2_GATEWAY, type Ec2Gateway } from '../../domain/services/ec2-gateway';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import { WorkerReconciler } from '../services/worker-reconciler';

/** Adopts an existing EC2 instance as a worker (its template found by tag or instance type). */
export class ImportWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({
    ec2InstanceId: z.string().regex(/^i-[0-9a-z]+$/, 'an EC2 instance id such as i-0123456789abcdef0'),
    requestedBy: z.string().min(1),
  });

  constructor(
    readonly ec2InstanceId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles ImportWorkerCommand: 404 for an unknown instance, 409 when a worker already has it or it is gone. */
@commandHandler(ImportWorkerCommand)
export class ImportWorkerCommandHandler extends CommandHandler<ImportWorkerCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(EC2_GATEWAY) private readonly ec2!: Ec2Gateway;
  @inject(WorkerReconciler) private readonly reconciler!: WorkerReconciler;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;

  async handle({ ec2InstanceId, requestedBy }: ImportWorkerCommand) {
    const [existing] = await this.workers.find({ ec2InstanceId, status: { $ne: 'TERMINATED' } });
    if (existing) return this.conflict(`instance ${ec2InstanceId} already belongs to worker ${existing.id}`);
    const [instance] = await this.ec2.describeInstances([ec2InstanceId]);
    if (!instance) return this.notFound('EC2 instance', ec2InstanceId);
    if (instance.state === 'terminated' || instance.state === 'shutting-down') {
      return this.conflict(`instance ${ec2InstanceId} is ${instance.state}; import is not allowed`);
    }
    const template = await this.reconciler.templateFor(instance);
    if (!template) {
      return this.unprocessable(
        `no worker template matches instance ${ec2InstanceId} (${instance.instanceType})`,
      );
    }
    const worker = await this.reconciler.adopt(instance, template, requestedBy);
    await this.jobs.reconcileWorker(worker.id, worker.stateVersion);
    return this.created(toWorkerDto(worker));
  }
}

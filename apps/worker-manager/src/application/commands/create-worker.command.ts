import { Command, CommandHandler, SETTINGS, commandHandler } from '@lcm/neuro-core';
import { randomUUID } from 'node:crypto';
import { inject } from 'inversify';
import { z } from 'zod';
import { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type WorkerDto, toWorkerDto } from '../dtos/worker.dto';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import type { WorkerManagerSettings } from '../settings';

/** Creates a worker from an enabled template: PENDING, and the reconciler launches its instance. */
export class CreateWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({
    templateName: z.string().min(1),
    name: z.string().min(1).max(128).optional(),
    region: z.string().min(1).optional(),
    requestedBy: z.string().min(1),
    workerId: z.uuid().optional(),
  });

  constructor(
    readonly templateName: string,
    readonly requestedBy: string,
    readonly name?: string,
    readonly region?: string,
    /** Set by scale-up to make creation idempotent per request; a new uuid otherwise. */
    readonly workerId?: string,
  ) {
    super();
  }
}

/** Handles CreateWorkerCommand: 404 for an unknown template, 409 for a disabled one or a full fleet. */
@commandHandler(CreateWorkerCommand)
export class CreateWorkerCommandHandler extends CommandHandler<CreateWorkerCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;
  @inject(SETTINGS) private readonly settings!: WorkerManagerSettings;

  async handle(command: CreateWorkerCommand) {
    const template = await this.templates.get(command.templateName);
    if (!template) return this.notFound('WorkerTemplate', command.templateName);
    if (!template.state.enabled)
      return this.conflict(`worker template ${template.id} is disabled; create is not allowed`);
    if (command.region && command.region !== this.settings.AWS_REGION) {
      return this.badRequest(
        `region ${command.region} is not served here; this worker-manager runs in ${this.settings.AWS_REGION}`,
      );
    }
    const live = await this.workers.count({ status: { $ne: 'TERMINATED' } });
    if (live >= this.settings.MAX_WORKERS) {
      return this.conflict(
        `the fleet has ${live} workers, MAX_WORKERS is ${this.settings.MAX_WORKERS}; create is not allowed`,
      );
    }
    const worker = CmlWorker.create(
      command.workerId ?? randomUUID(),
      {
        template: template.state,
        name: command.name,
        region: command.region,
        createdBy: command.requestedBy,
      },
      this.clock.now(),
    );
    await this.workers.add(worker);
    await this.jobs.reconcileWorker(worker.id, worker.stateVersion);
    return this.created(toWorkerDto(worker));
  }
}

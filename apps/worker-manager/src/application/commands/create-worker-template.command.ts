import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { type WorkerTemplateDto, toWorkerTemplateDto } from '../dtos/worker-template.dto';
import { type WorkerTemplateInput, WorkerTemplateInputSchema } from './worker-template-input';

/** Adds a worker template; its name must be new. */
export class CreateWorkerTemplateCommand extends Command<WorkerTemplateDto> {
  static readonly schema = z.object({ template: WorkerTemplateInputSchema });

  constructor(readonly template: WorkerTemplateInput) {
    super();
  }
}

/** Handles CreateWorkerTemplateCommand: 201, or 409 when the name is taken. */
@commandHandler(CreateWorkerTemplateCommand)
export class CreateWorkerTemplateCommandHandler extends CommandHandler<CreateWorkerTemplateCommand> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle({ template }: CreateWorkerTemplateCommand) {
    if (await this.templates.contains(template.name))
      return this.conflict(`worker template ${template.name} already exists`);
    const created = WorkerTemplate.create(WorkerTemplateInputSchema.parse(template), this.clock.now());
    await this.templates.add(created);
    return this.created(toWorkerTemplateDto(created));
  }
}

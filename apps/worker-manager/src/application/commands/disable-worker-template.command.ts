import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { type WorkerTemplateDto, toWorkerTemplateDto } from '../dtos/worker-template.dto';

/**
 * `DELETE /worker-templates/{name}`: disables the template (soft delete), because existing workers keep
 * referring to it by name.
 */
export class DisableWorkerTemplateCommand extends Command<WorkerTemplateDto> {
  static readonly schema = z.object({ name: z.string().min(1) });

  constructor(readonly name: string) {
    super();
  }
}

/** Handles DisableWorkerTemplateCommand; disabling a disabled template changes nothing. */
@commandHandler(DisableWorkerTemplateCommand)
export class DisableWorkerTemplateCommandHandler extends CommandHandler<DisableWorkerTemplateCommand> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle({ name }: DisableWorkerTemplateCommand) {
    const template = await this.templates.get(name);
    if (!template) return this.notFound('WorkerTemplate', name);
    if (template.change({ enabled: false }, this.clock.now())) await this.templates.update(template);
    return this.ok(toWorkerTemplateDto(template));
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { type WorkerTemplateDto, toWorkerTemplateDto } from '../dtos/worker-template.dto';
import { type WorkerTemplatePatch, WorkerTemplatePatchSchema } from './worker-template-input';

/** Changes fields of a worker template (setting `enabled: false` disables it). */
export class UpdateWorkerTemplateCommand extends Command<WorkerTemplateDto> {
  static readonly schema = z.object({ name: z.string().min(1), changes: WorkerTemplatePatchSchema });

  constructor(
    readonly name: string,
    readonly changes: WorkerTemplatePatch,
  ) {
    super();
  }
}

/** Handles UpdateWorkerTemplateCommand: 404 for an unknown name, 400 for an inverted port range. */
@commandHandler(UpdateWorkerTemplateCommand)
export class UpdateWorkerTemplateCommandHandler extends CommandHandler<UpdateWorkerTemplateCommand> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle({ name, changes }: UpdateWorkerTemplateCommand) {
    const template = await this.templates.get(name);
    if (!template) return this.notFound('WorkerTemplate', name);
    const range = changes.portRange ?? template.state.portRange;
    if (range.start > range.end) return this.badRequest('portRange.start must not be above portRange.end');
    if (template.change(changes, this.clock.now())) await this.templates.update(template);
    return this.ok(toWorkerTemplateDto(template));
  }
}

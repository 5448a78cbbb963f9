import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { WorkerTemplateInputSchema } from './worker-template-input';

/** Upserts the seed templates (from the YAML file) by name; a bad entry is logged and skipped. */
export class SeedWorkerTemplatesCommand extends Command<{
  created: number;
  updated: number;
  skipped: number;
}> {
  static readonly schema = z.object({ entries: z.array(z.unknown()) });

  constructor(readonly entries: readonly unknown[]) {
    super();
  }
}

/** Handles SeedWorkerTemplatesCommand. */
@commandHandler(SeedWorkerTemplatesCommand)
export class SeedWorkerTemplatesCommandHandler extends CommandHandler<SeedWorkerTemplatesCommand> {
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;

  async handle({ entries }: SeedWorkerTemplatesCommand) {
    let created = 0;
    let updated = 0;
    let skipped = 0;
    for (const [index, entry] of entries.entries()) {
      const parsed = WorkerTemplateInputSchema.safeParse(entry);
      if (!parsed.success) {
        skipped++;
        const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        this.logger.warn({ entry: index + 1, problems }, 'seed worker template skipped');
        continue;
      }
      // Every replica seeds at start: one that loses the race for an entry reads it again.
      const outcome = await retryOnConflict(async () => {
        const now = this.clock.now();
        const existing = await this.templates.get(parsed.data.name);
        if (!existing) {
          await this.templates.add(WorkerTemplate.create(parsed.data, now));
          return 'created';
        }
        if (!existing.change(parsed.data, now)) return 'unchanged';
        await this.templates.update(existing);
        return 'updated';
      });
      if (outcome === 'created') created++;
      if (outcome === 'updated') updated++;
    }
    return this.ok({ created, updated, skipped });
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/**
 * Operator tags of a worker. Keys become stored field names, so they may not contain `.` or start with `$`.
 */
export const WorkerTagsSchema = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine(
    (tags) => Object.keys(tags).every((key) => /^[^$.][^.]*$/.test(key)),
    'a tag key may not contain "." or start with "$"',
  );

/** Changes a worker's tags or idle detection. */
export class UpdateWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({
    workerId: z.string().min(1),
    requestedBy: z.string().min(1),
    tags: WorkerTagsSchema.optional(),
    idleDetectionEnabled: z.boolean().optional(),
  });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
    readonly tags?: Record<string, string>,
    readonly idleDetectionEnabled?: boolean,
  ) {
    super();
  }
}

/** Handles UpdateWorkerCommand. */
@commandHandler(UpdateWorkerCommand)
export class UpdateWorkerCommandHandler extends CommandHandler<UpdateWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: UpdateWorkerCommand) {
    return this.changes.apply(
      command.workerId,
      (worker, now) =>
        worker.changeSettings(
          { tags: command.tags, idleDetectionEnabled: command.idleDetectionEnabled },
          command.requestedBy,
          now,
        ),
      { answer: 'ok' },
    );
  }
}

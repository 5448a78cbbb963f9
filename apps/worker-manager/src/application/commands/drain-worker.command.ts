import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/** Drains a RUNNING worker: no new sessions, stopped once its last session ends or the drain timeout passes. */
export class DrainWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles DrainWorkerCommand. */
@commandHandler(DrainWorkerCommand)
export class DrainWorkerCommandHandler extends CommandHandler<DrainWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: DrainWorkerCommand) {
    return this.changes.apply(command.workerId, (worker, now) =>
      worker.requestDrain(command.requestedBy, now),
    );
  }
}

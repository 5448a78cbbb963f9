import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/** Asks a worker to stop (manual stop); a STOPPED worker is left as it is. */
export class StopWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles StopWorkerCommand. */
@commandHandler(StopWorkerCommand)
export class StopWorkerCommandHandler extends CommandHandler<StopWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: StopWorkerCommand) {
    return this.changes.apply(command.workerId, (worker, now) =>
      worker.requestStop(command.requestedBy, now),
    );
  }
}

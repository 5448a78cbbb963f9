import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/** Takes a DRAINING worker back to RUNNING; from any other status a conflict. */
export class CancelDrainWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles CancelDrainWorkerCommand. */
@commandHandler(CancelDrainWorkerCommand)
export class CancelDrainWorkerCommandHandler extends CommandHandler<CancelDrainWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: CancelDrainWorkerCommand) {
    return this.changes.apply(command.workerId, (worker, now) =>
      worker.cancelDrain(command.requestedBy, now),
    );
  }
}

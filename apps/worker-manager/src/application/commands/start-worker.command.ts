import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/** Asks a worker to run (StartInstances via the reconciler); a RUNNING worker is left as it is. */
export class StartWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles StartWorkerCommand. */
@commandHandler(StartWorkerCommand)
export class StartWorkerCommandHandler extends CommandHandler<StartWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: StartWorkerCommand) {
    return this.changes.apply(command.workerId, (worker, now) =>
      worker.requestStart(command.requestedBy, now),
    );
  }
}

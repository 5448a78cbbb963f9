import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerChanges } from '../services/worker-changes';
import type { WorkerDto } from '../dtos/worker.dto';

/** Terminates a worker (licence deregistered first, record kept: soft delete). */
export class TerminateWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly workerId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/** Handles TerminateWorkerCommand. */
@commandHandler(TerminateWorkerCommand)
export class TerminateWorkerCommandHandler extends CommandHandler<TerminateWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle(command: TerminateWorkerCommand) {
    return this.changes.apply(command.workerId, (worker, now) =>
      worker.requestTerminate(command.requestedBy, now),
    );
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { WorkerReconciler } from '../services/worker-reconciler';

/** Reconciles one worker (the on-demand job queued after each command). */
export class ReconcileWorkerCommand extends Command<{ outcome: string }> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/** Handles ReconcileWorkerCommand; a failed step is logged and left to the next sweep. */
@commandHandler(ReconcileWorkerCommand)
export class ReconcileWorkerCommandHandler extends CommandHandler<ReconcileWorkerCommand> {
  @inject(WorkerReconciler) private readonly reconciler!: WorkerReconciler;

  async handle({ workerId }: ReconcileWorkerCommand) {
    return this.ok({ outcome: await this.reconciler.reconcileWorker(workerId) });
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { type ReconcileReport, WorkerReconciler } from '../services/worker-reconciler';

/** One reconcile pass over the whole fleet (the periodic job, and the start-up sweep). */
export class ReconcileFleetCommand extends Command<ReconcileReport> {}

/** Handles ReconcileFleetCommand; an EC2 listing failure fails the pass (500) so the job retries it. */
@commandHandler(ReconcileFleetCommand)
export class ReconcileFleetCommandHandler extends CommandHandler<ReconcileFleetCommand> {
  @inject(WorkerReconciler) private readonly reconciler!: WorkerReconciler;

  async handle() {
    return this.ok(await this.reconciler.reconcileFleet());
  }
}

import { Command, CommandHandler, type Failure, OperationResult, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import type { WorkerDto } from '../dtos/worker.dto';
import { WorkerChanges } from '../services/worker-changes';

/** A worker is reconciled on request at most once in this window; a refresh within it is answered 429. */
export const REFRESH_INTERVAL_MS = 10_000;

/** The problem type of a request made too soon after the last one. */
export const RATE_LIMITED = 'urn:lcm:problem:rate_limited';

/** Asks for a worker to be reconciled now (EC2 state, CML health and metrics) instead of at the next sweep. */
export class RefreshWorkerCommand extends Command<WorkerDto> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/**
 * Handles RefreshWorkerCommand: notes the refresh on the worker, which queues a reconcile of the saved
 * version (so every refresh runs one), and answers 202 with the worker as it is now; 429 `rate_limited`
 * with `retryAfterSeconds` within REFRESH_INTERVAL_MS of the worker's last refresh.
 */
@commandHandler(RefreshWorkerCommand)
export class RefreshWorkerCommandHandler extends CommandHandler<RefreshWorkerCommand> {
  @inject(WorkerChanges) private readonly changes!: WorkerChanges;

  async handle({ workerId }: RefreshWorkerCommand) {
    return this.changes.apply(
      workerId,
      (worker, now) => {
        const waitMs = worker.isLive ? worker.refreshWaitMs(now, REFRESH_INTERVAL_MS) : 0;
        return waitMs > 0 ? tooSoon(worker.id, waitMs) : worker.requestRefresh(now);
      },
      // A reconcile saving the worker meanwhile is no reason to refuse: try again on the fresh read.
      { attempts: 3 },
    );
  }
}

function tooSoon(workerId: string, waitMs: number): Failure {
  const retryAfterSeconds = Math.ceil(waitMs / 1000);
  const ago = Math.floor((REFRESH_INTERVAL_MS - waitMs) / 1000);
  const failure = OperationResult.fail(
    429,
    `worker ${workerId} was refreshed ${ago} s ago; refresh it again in ${retryAfterSeconds} s`,
  );
  const problem = { ...failure.problem, type: RATE_LIMITED, retryAfterSeconds };
  return { ...failure, problem };
}

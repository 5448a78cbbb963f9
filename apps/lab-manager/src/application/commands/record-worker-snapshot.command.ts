import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { KnownWorker, type KnownWorkerState } from '../../domain/entities/known-worker.aggregate';
import {
  KNOWN_WORKER_REPOSITORY,
  type KnownWorkerRepository,
} from '../../domain/repositories/known-worker.repository';

/** Applies what a worker event says about a worker to the read model. */
export class RecordWorkerSnapshotCommand extends Command<KnownWorkerState> {
  static readonly schema = z.object({
    snapshot: z.object({
      workerId: z.string().min(1),
      status: z.string().min(1),
      httpsEndpoint: z.string().nullable(),
      lastEventAt: z.string().min(1),
    }),
  });

  constructor(readonly snapshot: KnownWorkerState) {
    super();
  }
}

/** Upserts the KnownWorker; a snapshot older than the one held is ignored (events may arrive late). */
@commandHandler(RecordWorkerSnapshotCommand)
export class RecordWorkerSnapshotCommandHandler extends CommandHandler<RecordWorkerSnapshotCommand> {
  @inject(KNOWN_WORKER_REPOSITORY) private readonly workers!: KnownWorkerRepository;

  async handle({ snapshot }: RecordWorkerSnapshotCommand) {
    // Two first events of one worker may both add it: the loser's retry reads the winner's and applies.
    return retryOnConflict(async () => {
      const worker = (await this.workers.get(snapshot.workerId)) ?? KnownWorker.fromSnapshot(snapshot);
      if (worker.apply(snapshot)) await this.workers.upsert(worker);
      return this.ok({ ...worker.state });
    });
  }
}

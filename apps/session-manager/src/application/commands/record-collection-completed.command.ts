import { CLOCK, type Clock, Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';

/** The assessment system collected a session's results (`io.lcm.assessment.collection-completed.v1`). */
export class RecordCollectionCompletedCommand extends Command<void> {
  static readonly schema = z.object({ sessionId: z.string().min(1) });

  constructor(readonly sessionId: string) {
    super();
  }
}

/** COLLECTING -> GRADING. */
@commandHandler(RecordCollectionCompletedCommand)
export class RecordCollectionCompletedCommandHandler extends CommandHandler<RecordCollectionCompletedCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle(command: RecordCollectionCompletedCommand) {
    // Saved meanwhile by an owner action or the timers (on any replica): reload and decide again, since a
    // 409 would make the receiver acknowledge the event and drop it.
    return retryOnConflict(async () => {
      const session = await this.sessions.get(command.sessionId);
      if (!session) return this.notFound('lablet session', command.sessionId);
      const moved = session.completeCollection(this.clock.now());
      if (!moved.ok) return this.conflict(moved.error);
      await this.sessions.update(session);
      return this.noContent();
    });
  }
}

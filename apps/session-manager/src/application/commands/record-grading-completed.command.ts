import { CLOCK, type Clock, Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';

/** The assessment system graded a session (`io.lcm.assessment.grading-completed.v1`). */
export class RecordGradingCompletedCommand extends Command<void> {
  static readonly schema = z.object({ sessionId: z.string().min(1), score: z.number() });

  constructor(
    readonly sessionId: string,
    readonly score: number,
  ) {
    super();
  }
}

/** GRADING -> STOPPING, keeping the score. */
@commandHandler(RecordGradingCompletedCommand)
export class RecordGradingCompletedCommandHandler extends CommandHandler<RecordGradingCompletedCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle(command: RecordGradingCompletedCommand) {
    // Saved meanwhile by an owner action or the timers (on any replica): reload and decide again, since a
    // 409 would make the receiver acknowledge the event and drop it.
    return retryOnConflict(async () => {
      const session = await this.sessions.get(command.sessionId);
      if (!session) return this.notFound('lablet session', command.sessionId);
      const moved = session.completeGrading(command.score, this.clock.now());
      if (!moved.ok) return this.conflict(moved.error);
      await this.sessions.update(session);
      return this.noContent();
    });
  }
}

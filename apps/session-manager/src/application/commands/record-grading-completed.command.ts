import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnSessionForEvent } from '../services/act-on-session-for-event';

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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordGradingCompletedCommand) {
    const moved = await actOnSessionForEvent(this.sessions, command.sessionId, (session) =>
      session.completeGrading(command.score, this.clock.now()),
    );
    return moved.ok ? this.noContent() : moved;
  }
}

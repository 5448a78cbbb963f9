import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { EVENT_SAVE_ATTEMPTS } from '../services/event-save-attempts';

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
    const moved = await loadActSave(
      this.sessions,
      command.sessionId,
      'lablet session',
      (session) => session.completeGrading(command.score, this.clock.now()),
      { attempts: EVENT_SAVE_ATTEMPTS },
    );
    return moved.ok ? this.noContent() : moved;
  }
}

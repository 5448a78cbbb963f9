import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { EVENT_SAVE_ATTEMPTS } from '../services/event-save-attempts';

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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordCollectionCompletedCommand) {
    const moved = await loadActSave(
      this.sessions,
      command.sessionId,
      'lablet session',
      (session) => session.completeCollection(this.clock.now()),
      { attempts: EVENT_SAVE_ATTEMPTS },
    );
    return moved.ok ? this.noContent() : moved;
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnSessionForEvent } from '../services/act-on-session-for-event';

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
    const moved = await actOnSessionForEvent(this.sessions, command.sessionId, (session) =>
      session.completeCollection(this.clock.now()),
    );
    return moved.ok ? this.noContent() : moved;
  }
}

import { CLOCK, type Clock, Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import type { LabletSessionDto } from '../queries/lablet-session.dto';
import { SessionActionSchema, actOnSession } from '../services/act-on-session';
import type { Actor } from '../services/actor';

/** The owner (or an admin) asks for a RUNNING session to be graded. */
export class CollectSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = SessionActionSchema;

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** RUNNING -> COLLECTING; the assessment system then reports collection and grading by CloudEvents. */
@commandHandler(CollectSessionCommand)
export class CollectSessionCommandHandler extends CommandHandler<CollectSessionCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ sessionId, actor }: CollectSessionCommand) {
    return actOnSession(this.sessions, sessionId, actor, (session) => session.collect(this.clock.now()));
  }
}

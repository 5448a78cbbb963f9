import { CLOCK, type Clock, Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import type { LabletSessionDto } from '../queries/lablet-session.dto';
import { SessionActionSchema, actOnSession } from '../services/act-on-session';
import type { Actor } from '../services/actor';

/** The owner (or an admin) starts a READY session before its timeslot start. */
export class StartSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = SessionActionSchema;

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** READY -> RUNNING now. */
@commandHandler(StartSessionCommand)
export class StartSessionCommandHandler extends CommandHandler<StartSessionCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ sessionId, actor }: StartSessionCommand) {
    return actOnSession(this.sessions, sessionId, actor, (session) => session.start(this.clock.now()));
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import { type Actor, SessionActionSchema, refuseUnlessAllowed } from '../services/actor';

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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, actor }: StartSessionCommand) {
    const started = await loadActSave(
      this.sessions,
      sessionId,
      'lablet session',
      (session) => refuseUnlessAllowed(session, actor, 'act') ?? session.start(this.clock.now()),
    );
    return started.ok ? this.accepted(toLabletSessionDto(started.value.aggregate)) : started;
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import { type Actor, SessionActionSchema, refuseUnlessAllowed } from '../services/actor';

/** The owner (or an admin) ends a READY or RUNNING session early. */
export class StopSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = SessionActionSchema;

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** READY/RUNNING -> STOPPING with reason OWNER_STOPPED (ADMIN_STOPPED for an admin acting on another user's session). */
@commandHandler(StopSessionCommand)
export class StopSessionCommandHandler extends CommandHandler<StopSessionCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, actor }: StopSessionCommand) {
    const stopped = await loadActSave(
      this.sessions,
      sessionId,
      'lablet session',
      (session) =>
        refuseUnlessAllowed(session, actor, 'act') ??
        session.stop(
          session.state.ownerId === actor.sub ? 'OWNER_STOPPED' : 'ADMIN_STOPPED',
          this.clock.now(),
        ),
    );
    return stopped.ok ? this.accepted(toLabletSessionDto(stopped.value.aggregate)) : stopped;
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import { type Actor, SessionActionSchema, refuseUnlessAllowed } from '../services/actor';

/** The owner (or an admin) cancels a session before its lab is instantiated. */
export class CancelSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = SessionActionSchema;

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** PENDING/SCHEDULED -> CANCELLED; the held worker capacity is released by ReleaseAllocationOnSessionEnd. */
@commandHandler(CancelSessionCommand)
export class CancelSessionCommandHandler extends CommandHandler<CancelSessionCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, actor }: CancelSessionCommand) {
    const cancelled = await loadActSave(
      this.sessions,
      sessionId,
      'lablet session',
      (session) =>
        refuseUnlessAllowed(session, actor, 'act') ??
        session.cancel(
          session.state.ownerId === actor.sub ? 'OWNER_CANCELLED' : 'ADMIN_CANCELLED',
          this.clock.now(),
        ),
    );
    return cancelled.ok ? this.accepted(toLabletSessionDto(cancelled.value.aggregate)) : cancelled;
  }
}

import { CLOCK, type Clock, Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../queries/lablet-session.dto';
import { type Actor, refuseUnlessAllowed } from '../services/actor';

/** The owner (or an admin) ends a READY or RUNNING session early. */
export class StopSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    actor: z.object({ sub: z.string().min(1) }),
  });

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
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ sessionId, actor }: StopSessionCommand) {
    const session = await this.sessions.get(sessionId);
    if (!session) return this.notFound('lablet session', sessionId);
    const refused = refuseUnlessAllowed(session, actor, 'act');
    if (refused) return refused;
    const moved = session.stop(
      session.state.ownerId === actor.sub ? 'OWNER_STOPPED' : 'ADMIN_STOPPED',
      this.clock.now(),
    );
    if (!moved.ok) return this.conflict(moved.error);
    await this.sessions.update(session);
    return this.accepted(toLabletSessionDto(session));
  }
}

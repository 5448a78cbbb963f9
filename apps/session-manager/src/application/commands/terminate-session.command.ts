import { CLOCK, type Clock, Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../queries/lablet-session.dto';

/** An admin ends any session: `DELETE /lablet-sessions/{id}`. */
export class TerminateSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = z.object({ sessionId: z.string().min(1), requestedBy: z.string().min(1) });

  constructor(
    readonly sessionId: string,
    readonly requestedBy: string,
  ) {
    super();
  }
}

/**
 * READY/RUNNING -> STOPPING (the lab is released), PENDING/SCHEDULED -> CANCELLED (no lab yet), both with
 * reason ADMIN_TERMINATED; any other status is 409, naming it.
 */
@commandHandler(TerminateSessionCommand)
export class TerminateSessionCommandHandler extends CommandHandler<TerminateSessionCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ sessionId }: TerminateSessionCommand) {
    const session = await this.sessions.get(sessionId);
    if (!session) return this.notFound('lablet session', sessionId);
    const now = this.clock.now();
    const moved =
      session.status === 'PENDING' || session.status === 'SCHEDULED'
        ? session.cancel('ADMIN_TERMINATED', now)
        : session.stop('ADMIN_TERMINATED', now);
    if (!moved.ok)
      return this.conflict(moved.error.replace('stop is not allowed', 'terminate is not allowed'));
    await this.sessions.update(session);
    return this.accepted(toLabletSessionDto(session));
  }
}

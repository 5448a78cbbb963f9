import { Command, CommandHandler, DomainResult, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';

/** An admin (`requestedBy`, the token's subject) ends any session: `DELETE /lablet-sessions/{id}`. */
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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, requestedBy }: TerminateSessionCommand) {
    const terminated = await loadActSave(this.sessions, sessionId, 'lablet session', (session) =>
      terminate(session, this.clock.now()),
    );
    if (!terminated.ok) return terminated;
    // The status change is logged with reason ADMIN_TERMINATED; this line says which admin did it.
    this.logger.info({ sessionId, requestedBy }, 'lablet session terminated by an admin');
    return this.accepted(toLabletSessionDto(terminated.value.aggregate));
  }
}

/** Cancels a session that has no lab yet and stops one that has; the refusal names terminate, not stop. */
function terminate(session: LabletSession, now: Date): DomainResult {
  const moved =
    session.status === 'PENDING' || session.status === 'SCHEDULED'
      ? session.cancel('ADMIN_TERMINATED', now)
      : session.stop('ADMIN_TERMINATED', now);
  return moved.ok
    ? moved
    : DomainResult.fail(moved.error.replace('stop is not allowed', 'terminate is not allowed'));
}

import { CLOCK, type Clock, Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';

/** lab-manager could not prepare a session's lab (`io.lcm.lab.failed.v1`). */
export class RecordLabFailedCommand extends Command<void> {
  static readonly schema = z.object({ sessionId: z.string().min(1), reason: z.string().min(1) });

  constructor(
    readonly sessionId: string,
    readonly reason: string,
  ) {
    super();
  }
}

/** INSTANTIATING -> FAILED with lab-manager's reason. */
@commandHandler(RecordLabFailedCommand)
export class RecordLabFailedCommandHandler extends CommandHandler<RecordLabFailedCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle(command: RecordLabFailedCommand) {
    // Saved meanwhile by an owner action or the timers (on any replica): reload and decide again, since a
    // 409 would make the receiver acknowledge the event and drop it.
    return retryOnConflict(async () => {
      const session = await this.sessions.get(command.sessionId);
      if (!session) return this.notFound('lablet session', command.sessionId);
      const moved = session.fail(`LAB_FAILED: ${command.reason}`, this.clock.now());
      if (!moved.ok) return this.conflict(moved.error);
      await this.sessions.update(session);
      return this.noContent();
    });
  }
}

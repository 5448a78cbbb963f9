import { CLOCK, type Clock, Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';

/** lab-manager reported a session's lab started and reachable (`io.lcm.lab.ready.v1`). */
export class RecordLabReadyCommand extends Command<void> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    labRecordId: z.string().min(1),
    accessUrl: z.string().min(1),
    username: z.string().min(1),
  });

  constructor(
    readonly sessionId: string,
    readonly labRecordId: string,
    readonly accessUrl: string,
    readonly username: string,
    readonly ports: Readonly<Record<string, number>>,
  ) {
    super();
  }
}

/** INSTANTIATING -> READY with the lab's access URL, username and ports (the password stays in lab-manager). */
@commandHandler(RecordLabReadyCommand)
export class RecordLabReadyCommandHandler extends CommandHandler<RecordLabReadyCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle(command: RecordLabReadyCommand) {
    // Saved meanwhile by an owner action or the timers (on any replica): reload and decide again, since a
    // 409 would make the receiver acknowledge the event and drop it.
    return retryOnConflict(async () => {
      const session = await this.sessions.get(command.sessionId);
      if (!session) return this.notFound('lablet session', command.sessionId);
      const moved = session.markReady(
        {
          labRecordId: command.labRecordId,
          url: command.accessUrl,
          username: command.username,
          ports: command.ports,
        },
        this.clock.now(),
      );
      if (!moved.ok) return this.conflict(moved.error);
      await this.sessions.update(session);
      return this.noContent();
    });
  }
}

import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnSessionForEvent } from '../services/act-on-session-for-event';

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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordLabReadyCommand) {
    const access = {
      labRecordId: command.labRecordId,
      url: command.accessUrl,
      username: command.username,
      ports: command.ports,
    };
    const moved = await actOnSessionForEvent(this.sessions, command.sessionId, (session) =>
      session.markReady(access, this.clock.now()),
    );
    return moved.ok ? this.noContent() : moved;
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { EVENT_SAVE_ATTEMPTS } from '../services/event-save-attempts';

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
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordLabFailedCommand) {
    const moved = await loadActSave(
      this.sessions,
      command.sessionId,
      'lablet session',
      (session) => session.fail(`LAB_FAILED: ${command.reason}`, this.clock.now()),
      { attempts: EVENT_SAVE_ATTEMPTS },
    );
    return moved.ok ? this.noContent() : moved;
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { EVENT_SAVE_ATTEMPTS } from '../services/event-save-attempts';

/** lab-manager stopped and wiped a session's lab (`io.lcm.lab.released.v1`). */
export class RecordLabReleasedCommand extends Command<void> {
  static readonly schema = z.object({ sessionId: z.string().min(1) });

  constructor(readonly sessionId: string) {
    super();
  }
}

/** STOPPING -> STOPPED; the held worker capacity is then released by ReleaseAllocationOnSessionEnd. */
@commandHandler(RecordLabReleasedCommand)
export class RecordLabReleasedCommandHandler extends CommandHandler<RecordLabReleasedCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordLabReleasedCommand) {
    const moved = await loadActSave(
      this.sessions,
      command.sessionId,
      'lablet session',
      (session) => session.markReleased(this.clock.now()),
      { attempts: EVENT_SAVE_ATTEMPTS },
    );
    return moved.ok ? this.noContent() : moved;
  }
}

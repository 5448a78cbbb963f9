import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnLabReport } from '../services/act-on-lab-report';

/** lab-manager could not prepare a session's lab, or its lab vanished (`io.lcm.lab.failed.v1`). */
export class RecordLabFailedCommand extends Command<void> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    reason: z.string().min(1),
    workerId: z.string().min(1).nullable(),
  });

  constructor(
    readonly sessionId: string,
    readonly reason: string,
    /** The worker the lab failed on, when known: a late report about a worker the session left changes nothing. */
    readonly workerId: string | null = null,
  ) {
    super();
  }
}

/**
 * SCHEDULED/INSTANTIATING -> PENDING on another worker the first time, else FAILED, with lab-manager's reason;
 * READY ... GRADING (the lab vanished) -> STOPPING (`LAB_LOST`). A report about a worker the session
 * already left (it was placed again) is refused (409, acknowledged).
 */
@commandHandler(RecordLabFailedCommand)
export class RecordLabFailedCommandHandler extends CommandHandler<RecordLabFailedCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordLabFailedCommand) {
    const moved = await actOnLabReport(
      this.sessions,
      command,
      'its lab failure there changes nothing',
      (session) => session.loseLab(command.reason, this.clock.now()),
    );
    return moved.ok ? this.noContent() : moved;
  }
}

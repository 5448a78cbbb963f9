import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnLabReport } from '../services/act-on-lab-report';

/** lab-manager stopped and wiped a session's lab (`io.lcm.lab.released.v1`). */
export class RecordLabReleasedCommand extends Command<void> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    workerId: z.string().min(1).nullable(),
  });

  constructor(
    readonly sessionId: string,
    /** The worker the lab was on: the release of a lab on a worker the session left ends nothing. */
    readonly workerId: string | null = null,
  ) {
    super();
  }
}

/** STOPPING -> STOPPED; the held worker capacity is then released by ReleaseAllocationOnSessionEnd. */
@commandHandler(RecordLabReleasedCommand)
export class RecordLabReleasedCommandHandler extends CommandHandler<RecordLabReleasedCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle(command: RecordLabReleasedCommand) {
    const moved = await actOnLabReport(this.sessions, command, 'its lab there was released', (session) =>
      session.markReleased(this.clock.now()),
    );
    return moved.ok ? this.noContent() : moved;
  }
}

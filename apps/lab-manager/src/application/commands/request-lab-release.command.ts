import { CLOCK, type Clock, Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../jobs/lab-work-queue';
import { type LabRecordDto, toLabRecordDto } from '../queries/lab-record.dto';

/**
 * A session is ending (`io.lcm.session.stopping.v1`): marks its lab STOPPING and queues stop, wipe and
 * user removal; a lab that failed or never existed is released at once.
 */
export class RequestLabReleaseCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({ sessionId: z.string().min(1) });

  constructor(readonly sessionId: string) {
    super();
  }
}

/** Records the release and queues `lab-release` when CML work is needed. */
@commandHandler(RequestLabReleaseCommand)
export class RequestLabReleaseCommandHandler extends CommandHandler<RequestLabReleaseCommand> {
  constructor(
    @inject(LAB_RECORD_REPOSITORY) private readonly records: LabRecordRepository,
    @inject(LAB_WORK_QUEUE) private readonly work: LabWorkQueue,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ sessionId }: RequestLabReleaseCommand) {
    return retryOnConflict(async () => {
      const [record] = await this.records.find({ boundSessionId: sessionId });
      if (!record) return this.notFound('lab record of session', sessionId);
      const release = record.beginRelease(sessionId, this.clock.now());
      if (!release.ok) return this.conflict(release.error);
      await this.records.update(record);
      if (release.value) await this.work.enqueue({ job: 'lab-release', labRecordId: record.id, sessionId });
      return this.accepted(toLabRecordDto(record));
    });
  }
}

import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../services/lab-work-queue';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';
import { SAVE_ATTEMPTS } from '../services/save-attempts';

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
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ sessionId }: RequestLabReleaseCommand) {
    const [bound] = await this.records.find({ boundSessionId: sessionId });
    if (!bound) return this.notFound('lab record of session', sessionId);
    const begun = await loadActSave(
      this.records,
      bound.id,
      'lab record',
      (record) => record.beginRelease(sessionId, this.clock.now()),
      { attempts: SAVE_ATTEMPTS },
    );
    if (!begun.ok) return begun;
    const record = begun.value.aggregate;
    // STOPPING: the CML work is due (on a redelivery too, its job id makes queuing it twice a no-op).
    if (record.state.status === 'STOPPING')
      await this.work.enqueue({ job: 'lab-release', labRecordId: record.id, sessionId });
    return this.accepted(toLabRecordDto(record));
  }
}

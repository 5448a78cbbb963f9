import { CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../services/lab-work-queue';
import { toLabRecordDto } from '../dtos/lab-record.dto';
import { actOnSessionLab } from '../services/act-on-session-lab';
import { SessionLabCommand } from './session-lab.command';

/**
 * A session is ending (`io.lcm.session.stopping.v1`): marks its lab STOPPING and queues stop, wipe and
 * user removal; a lab that failed or never existed is released at once.
 */
export class RequestLabReleaseCommand extends SessionLabCommand {}

/** Records the release and queues `lab-release` when CML work is needed. */
@commandHandler(RequestLabReleaseCommand)
export class RequestLabReleaseCommandHandler extends CommandHandler<RequestLabReleaseCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ sessionId, workerId }: RequestLabReleaseCommand) {
    const begun = await actOnSessionLab(this.records, { sessionId, workerId }, (record) =>
      record.beginRelease(sessionId, this.clock.now()),
    );
    if (!begun.ok) return begun;
    const record = begun.value;
    // STOPPING: the CML work is due (on a redelivery too, its job id makes queuing it twice a no-op).
    if (record.state.status === 'STOPPING')
      await this.work.enqueue({ job: 'lab-release', labRecordId: record.id, sessionId });
    return this.accepted(toLabRecordDto(record));
  }
}

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
 * A session reached its lab lead time (`io.lcm.session.instantiating.v1`): records that its lab should
 * start and queues the start, or leaves it to the import still under way.
 */
export class RequestLabStartCommand extends SessionLabCommand {}

/** Marks the wish on the session's LabRecord and queues `lab-start` when the lab is ready for it. */
@commandHandler(RequestLabStartCommand)
export class RequestLabStartCommandHandler extends CommandHandler<RequestLabStartCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ sessionId, workerId }: RequestLabStartCommand) {
    const requested = await actOnSessionLab(this.records, { sessionId, workerId }, (record) =>
      record.requestStart(sessionId),
    );
    if (!requested.ok) return requested;
    const record = requested.value;
    // On a redelivery too: the job may be what is missing (its id makes queuing it twice a no-op).
    if (record.startDue) await this.work.enqueue({ job: 'lab-start', labRecordId: record.id, sessionId });
    return this.accepted(toLabRecordDto(record));
  }
}

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
 * A session reached its lab lead time (`io.lcm.session.instantiating.v1`): records that its lab should
 * start and queues the start, or leaves it to the import still under way.
 */
export class RequestLabStartCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({ sessionId: z.string().min(1) });

  constructor(readonly sessionId: string) {
    super();
  }
}

/** Marks the wish on the session's LabRecord and queues `lab-start` when the lab is ready for it. */
@commandHandler(RequestLabStartCommand)
export class RequestLabStartCommandHandler extends CommandHandler<RequestLabStartCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ sessionId }: RequestLabStartCommand) {
    const [bound] = await this.records.find({ boundSessionId: sessionId });
    if (!bound) return this.notFound('lab record of session', sessionId);
    const requested = await loadActSave(
      this.records,
      bound.id,
      'lab record',
      (record) => record.requestStart(sessionId),
      { attempts: SAVE_ATTEMPTS },
    );
    if (!requested.ok) return requested;
    const record = requested.value.aggregate;
    // On a redelivery too: the job may be what is missing (its id makes queuing it twice a no-op).
    if (record.startDue) await this.work.enqueue({ job: 'lab-start', labRecordId: record.id, sessionId });
    return this.accepted(toLabRecordDto(record));
  }
}

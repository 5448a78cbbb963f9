import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../jobs/lab-work-queue';
import { type LabRecordDto, toLabRecordDto } from '../queries/lab-record.dto';

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
  constructor(
    @inject(LAB_RECORD_REPOSITORY) private readonly records: LabRecordRepository,
    @inject(LAB_WORK_QUEUE) private readonly work: LabWorkQueue,
  ) {
    super();
  }

  async handle({ sessionId }: RequestLabStartCommand) {
    return retryOnConflict(async () => {
      const [record] = await this.records.find({ boundSessionId: sessionId });
      if (!record) return this.notFound('lab record of session', sessionId);
      if (record.state.status === 'STARTING' || record.state.status === 'STARTED')
        return this.accepted(toLabRecordDto(record));
      // A redelivery: the wish is saved already, only the job may be missing (its id makes this idempotent).
      if (record.state.startRequested && record.state.status !== 'IMPORTING') {
        await this.work.enqueue({ job: 'lab-start', labRecordId: record.id, sessionId });
        return this.accepted(toLabRecordDto(record));
      }
      const requested = record.requestStart(sessionId);
      if (!requested.ok) return this.conflict(requested.error);
      await this.records.update(record);
      if (requested.value) await this.work.enqueue({ job: 'lab-start', labRecordId: record.id, sessionId });
      return this.accepted(toLabRecordDto(record));
    });
  }
}

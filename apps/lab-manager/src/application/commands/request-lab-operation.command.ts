import { CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../services/lab-work-queue';
import { toLabRecordDto } from '../dtos/lab-record.dto';
import { LabOperationCommand } from './lab-operation.command';

/**
 * An operator starts, stops, wipes or deletes a lab by hand (`POST /lab-records/{id}/start|stop|wipe`,
 * `DELETE /lab-records/{id}`): the record takes the in-between status and the CML work is queued (202).
 */
export class RequestLabOperationCommand extends LabOperationCommand {}

/** Refuses operations the record's status does not allow (409), otherwise queues `lab-operation`. */
@commandHandler(RequestLabOperationCommand)
export class RequestLabOperationCommandHandler extends CommandHandler<RequestLabOperationCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ labRecordId, operation }: RequestLabOperationCommand) {
    const begun = await loadActSave(this.records, labRecordId, 'lab record', (record) =>
      record.beginOperation(operation),
    );
    if (!begun.ok) return begun;
    await this.work.enqueue({ job: 'lab-operation', labRecordId, operation });
    return this.accepted(toLabRecordDto(begun.value.aggregate));
  }
}

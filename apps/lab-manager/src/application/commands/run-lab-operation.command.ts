import { CommandHandler, DomainResult, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { type LabOperation, type LabRecordStatus } from '../../domain/entities/lab-record-status';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { toLabRecordDto } from '../dtos/lab-record.dto';
import { CmlWorkers } from '../services/cml-workers';
import { PortAllocator } from '../services/port-allocator';
import { SAVE_ATTEMPTS } from '../services/save-attempts';
import { withAttempts } from '../services/with-attempts';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';
import { LabOperationCommand } from './lab-operation.command';

const IN_PROGRESS: Record<LabOperation, LabRecordStatus> = {
  start: 'STARTING',
  stop: 'STOPPING',
  wipe: 'WIPING',
  delete: 'DELETING',
};

/** Performs an operator's start/stop/wipe/delete in CML (job `lab-operation`). */
export class RunLabOperationCommand extends LabOperationCommand {}

/** Calls CML with retries; a deleted lab frees its ports, a failure leaves the record FAILED with the reason. */
@commandHandler(RunLabOperationCommand)
export class RunLabOperationCommandHandler extends CommandHandler<RunLabOperationCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(CmlWorkers) private readonly cml!: CmlWorkers;
  @inject(PortAllocator) private readonly ports!: PortAllocator;
  @inject(LAB_MANAGER_SETTINGS) private readonly settings!: LabManagerSettings;

  async handle({ labRecordId, operation }: RunLabOperationCommand) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    const { status, cmlLabId, workerId } = record.state;
    if (status !== IN_PROGRESS[operation] || !cmlLabId) return this.ok(toLabRecordDto(record));

    const outcome = await withAttempts(
      { attempts: this.settings.LAB_OPERATION_ATTEMPTS, backoffMs: this.settings.LAB_OPERATION_BACKOFF_MS },
      async () => {
        const { labs } = await this.cml.of(workerId);
        if (operation === 'start') await labs.startLab(cmlLabId);
        else if (operation === 'stop') await labs.stopLab(cmlLabId);
        else if (operation === 'wipe') await labs.wipeLab(cmlLabId);
        else await labs.destroyLab(cmlLabId);
      },
    );
    const saved = await loadActSave(
      this.records,
      labRecordId,
      'lab record',
      (current) => {
        if (!outcome.ok) current.operationFailed(`${operation} failed: ${outcome.reason}`);
        else if (operation === 'delete') current.deleted(this.clock.now());
        else current.operationDone(operation);
        return DomainResult.ok();
      },
      { attempts: SAVE_ATTEMPTS },
    );
    if (!saved.ok) return saved;
    const done = saved.value.aggregate;
    if (outcome.ok && operation === 'delete') await this.ports.release(workerId, labRecordId);
    this.logger.info(
      { labRecordId, operation, oldStatus: status, newStatus: done.state.status },
      'lab operation done',
    );
    return this.ok(toLabRecordDto(done));
  }
}

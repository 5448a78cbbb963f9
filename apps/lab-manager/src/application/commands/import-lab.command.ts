import { Command, CommandHandler, DomainResult, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { substitutePorts } from '../../domain/entities/port-placeholders';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import {
  LABLET_DEFINITION_REPOSITORY,
  type LabletDefinitionRepository,
} from '../../domain/repositories/lablet-definition.repository';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../services/lab-work-queue';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';
import { CmlWorkers } from '../services/cml-workers';
import { PortAllocator } from '../services/port-allocator';
import { SAVE_ATTEMPTS } from '../services/save-attempts';
import { withAttempts } from '../services/with-attempts';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/**
 * Imports an IMPORTING LabRecord's topology into CML with its ports substituted (job `lab-import`) and
 * checks CML holds every node. After every failed try, the lab that try created (and any lab under the
 * record's title) is removed, so a failure never leaves a half-imported lab; after the last try the
 * record is FAILED, its ports freed and `lab.failed` emitted.
 */
export class ImportLabCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({ labRecordId: z.string().min(1) });

  constructor(readonly labRecordId: string) {
    super();
  }
}

/** Does the import with retries and records the outcome; queues the start if it was asked for meanwhile. */
@commandHandler(ImportLabCommand)
export class ImportLabCommandHandler extends CommandHandler<ImportLabCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;
  @inject(CmlWorkers) private readonly cml!: CmlWorkers;
  @inject(PortAllocator) private readonly ports!: PortAllocator;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;
  @inject(LAB_MANAGER_SETTINGS) private readonly settings!: LabManagerSettings;

  async handle({ labRecordId }: ImportLabCommand) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    if (record.state.status !== 'IMPORTING') {
      // Run again after a crash between saving the import and queuing the start: the start is what is
      // missing (its job id makes queuing it twice a no-op).
      if (record.startDue) await this.queueStart(labRecordId, record.state.boundSessionId as string);
      return this.ok(toLabRecordDto(record));
    }
    const { workerId, title, allocatedPorts, definitionId } = record.state;
    const definition = definitionId ? await this.definitions.get(definitionId) : undefined;
    const topologyYaml = definition ? substitutePorts(definition.state.topologyYaml, allocatedPorts) : '';

    const expectedNodes = definition?.state.nodeCount;
    let created: string | undefined;
    const outcome = await withAttempts(
      { attempts: this.settings.LAB_OPERATION_ATTEMPTS, backoffMs: this.settings.LAB_OPERATION_BACKOFF_MS },
      async () => {
        if (!definition)
          throw new Error(`lablet definition ${definitionId} of lab record ${labRecordId} is gone`);
        const { labs } = await this.cml.of(workerId);
        created = await labs.importLab(topologyYaml, title);
        const nodes = await labs.nodeCount(created);
        if (nodes !== expectedNodes) {
          throw new Error(
            `CML lab ${created} has ${nodes} nodes after import; the definition has ${expectedNodes}`,
          );
        }
        return created;
      },
      async () => {
        await this.removeHalfImported(workerId, title, created);
        created = undefined;
      },
    );

    const saved = await loadActSave(
      this.records,
      labRecordId,
      'lab record',
      (current) => {
        if (!outcome.ok) {
          current.fail(`import failed: ${outcome.reason}`, true, this.clock.now());
          return DomainResult.ok(true);
        }
        // A record that left IMPORTING meanwhile is kept as it is (false: nothing to save).
        return DomainResult.ok(current.imported(outcome.value, topologyYaml).ok);
      },
      { attempts: SAVE_ATTEMPTS },
    );
    if (!saved.ok) return saved;
    const imported = saved.value.aggregate;
    if (!outcome.ok) {
      await this.ports.release(workerId, labRecordId);
      this.logger.warn(
        { labRecordId, workerId, status: 'FAILED', reason: outcome.reason },
        'lab import failed',
      );
    } else {
      this.logger.info(
        { labRecordId, workerId, cmlLabId: outcome.value, status: imported.state.status },
        'lab imported',
      );
      if (imported.startDue) await this.queueStart(labRecordId, imported.state.boundSessionId as string);
    }
    return this.ok(toLabRecordDto(imported));
  }

  private queueStart(labRecordId: string, sessionId: string): Promise<void> {
    return this.work.enqueue({ job: 'lab-start', labRecordId, sessionId });
  }

  /**
   * Deletes what a failed try left on CML: the lab it created, if the import call answered, and any lab
   * under the record's unique title (one CML created although the call failed or timed out).
   */
  private async removeHalfImported(
    workerId: string,
    title: string,
    created: string | undefined,
  ): Promise<void> {
    const { labs } = await this.cml.of(workerId);
    if (created) await labs.destroyLab(created);
    for (const lab of await labs.listLabs()) {
      if (lab.title === title && lab.id !== created) await labs.destroyLab(lab.id);
    }
  }
}

import { Command, CommandHandler, commandHandler, isLostRace } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { LabRecord } from '../../domain/entities/lab-record.aggregate';
import { labTitle } from '../../domain/entities/lab-title';
import { sessionLabId } from '../../domain/entities/session-lab-id';
import type { LabletDefinition } from '../../domain/entities/lablet-definition.aggregate';
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
import { PortAllocator } from '../services/port-allocator';

/**
 * Reserves a lab for a session placed on a worker (`io.lcm.session.scheduled.v1`): a WIPED lab of the
 * same definition version on that worker is reused with its ports; otherwise a new LabRecord gets ports
 * and its import is queued. Idempotent per session and worker, also when the same placement is handled
 * twice at once: the record's id derives from both, so the slower of two racing reservations finds the
 * other's record instead of adding a second.
 */
export class ReserveSessionLabCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    workerId: z.string().min(1),
    definitionId: z.string().min(1),
    definitionName: z.string().min(1),
    definitionVersion: z.string().min(1),
  });

  constructor(
    readonly sessionId: string,
    readonly workerId: string,
    readonly definitionId: string,
    readonly definitionName: string,
    readonly definitionVersion: string,
  ) {
    super();
  }
}

/** Reuses or creates the session's LabRecord; a reservation that cannot be made emits `lab.failed`. */
@commandHandler(ReserveSessionLabCommand)
export class ReserveSessionLabCommandHandler extends CommandHandler<ReserveSessionLabCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;
  @inject(PortAllocator) private readonly ports!: PortAllocator;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle(command: ReserveSessionLabCommand) {
    const { sessionId, workerId } = command;
    // Per session and worker: a session placed again on another worker gets a lab there.
    // Bound to it now, or reserved for it once and released since (a late redelivery reserves nothing).
    const existing =
      (await this.reservationOf(sessionId, workerId)) ??
      (await this.records.get(sessionLabId(sessionId, workerId)));
    if (existing) return this.again(existing);

    const definition = await this.findDefinition(command);
    if (!definition) {
      const reason = `lablet definition ${command.definitionName} ${command.definitionVersion} (${command.definitionId}) is unknown`;
      return this.failedReservation(command, command.definitionId, reason);
    }
    const reused = await this.reuseWipedLab(sessionId, workerId, definition);
    if (reused) {
      this.logger.info({ labRecordId: reused.id, sessionId, workerId }, 'wiped lab reused for session');
      return this.accepted(toLabRecordDto(reused));
    }

    const id = sessionLabId(sessionId, workerId);
    const allocated = await this.ports.allocate(workerId, id, definition.state.portTemplate);
    if (!allocated.ok) return this.failedReservation(command, definition.id, allocated.error);
    const record = LabRecord.reserve(
      id,
      {
        workerId,
        definitionId: definition.id,
        definitionVersion: definition.state.version,
        title: labTitle(definition.state.name, definition.state.version, id),
        allocatedPorts: allocated.value,
        sessionId,
      },
      this.clock.now(),
    );
    // Lost to the same placement handled at once.
    if (!(await this.added(record))) return this.again(await this.records.get(id));
    this.logger.info({ labRecordId: id, sessionId, workerId, status: 'IMPORTING' }, 'lab record reserved');
    await this.work.enqueue({ job: 'lab-import', labRecordId: id });
    return this.accepted(toLabRecordDto(record));
  }

  private async reservationOf(sessionId: string, workerId: string): Promise<LabRecord | undefined> {
    const [existing] = await this.records.find({ boundSessionId: sessionId, workerId });
    return existing;
  }

  /** The session's reservation made before (a redelivery) or meanwhile (a race this handler lost). */
  private async again(existing: LabRecord | undefined) {
    if (!existing) throw new Error('the lab record that won the reservation race is gone');
    // A redelivery after a failure to queue: queue the import again (the job id makes it a no-op otherwise).
    if (existing.state.status === 'IMPORTING')
      await this.work.enqueue({ job: 'lab-import', labRecordId: existing.id });
    return this.accepted(toLabRecordDto(existing));
  }

  /** Adds a new reservation; false when one with its id (the same session and worker) was added first. */
  private async added(record: LabRecord): Promise<boolean> {
    try {
      await this.records.add(record);
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  private async findDefinition(command: ReserveSessionLabCommand): Promise<LabletDefinition | undefined> {
    const byId = await this.definitions.get(command.definitionId);
    if (byId) return byId;
    const [byName] = await this.definitions.find({
      name: command.definitionName,
      version: command.definitionVersion,
    });
    return byName;
  }

  private async reuseWipedLab(sessionId: string, workerId: string, definition: LabletDefinition) {
    const candidates = await this.records.find(
      { workerId, definitionId: definition.id, status: 'WIPED', boundSessionId: null },
      { sort: { createdAt: 1 } },
    );
    for (const candidate of candidates) {
      if (!candidate.bind(sessionId).ok) continue;
      try {
        await this.records.update(candidate);
        return candidate;
      } catch (error) {
        if (!isLostRace(error)) throw error;
        // The same placement handled at once may have taken it (or another lab) for this session first.
        const mine = await this.reservationOf(sessionId, workerId);
        if (mine) return mine;
        // Another session took this lab first; try the next one.
      }
    }
    return undefined;
  }

  private async failedReservation(command: ReserveSessionLabCommand, definitionId: string, reason: string) {
    const record = LabRecord.reserve(
      sessionLabId(command.sessionId, command.workerId),
      {
        workerId: command.workerId,
        definitionId,
        definitionVersion: command.definitionVersion,
        title: `${command.definitionName}-${command.definitionVersion}`,
        allocatedPorts: {},
        sessionId: command.sessionId,
      },
      this.clock.now(),
    );
    record.fail(reason, true, this.clock.now());
    if (!(await this.added(record))) return this.again(await this.records.get(record.id));
    this.logger.warn(
      { labRecordId: record.id, sessionId: command.sessionId, reason },
      'lab reservation failed',
    );
    return this.accepted(toLabRecordDto(record));
  }
}

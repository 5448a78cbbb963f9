import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { LabRecord } from '../../domain/entities/lab-record.aggregate';
import { isLcmLabTitle } from '../../domain/entities/lab-title';
import {
  KNOWN_WORKER_REPOSITORY,
  type KnownWorkerRepository,
} from '../../domain/repositories/known-worker.repository';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import type { CmlLabs } from '../../domain/services/cml-labs';
import { CmlWorkers } from '../services/cml-workers';
import { dueLabWork } from '../services/due-lab-work';
import { LAB_WORK_QUEUE, type LabWorkQueue } from '../services/lab-work-queue';
import { PortAllocator } from '../services/port-allocator';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/** What one labs sync did. */
export interface LabsSyncReport {
  workers: number;
  unreachable: string[];
  stateChanges: number;
  vanished: number;
  orphansDetected: number;
  orphansDeleted: number;
  /** Labs a failed import left behind (created by CML after the last try had given up). */
  halfImportedRemoved: number;
  /** Lab records whose ports no live record held any more (a crash between two writes), now freed. */
  portsReclaimed: number;
  /** Records whose due step (import, start, release) was queued again. */
  stepsRequeued: number;
}

/** Far longer than saving a lab record takes after its ports were allocated. */
const UNCLAIMED_PORTS_GRACE_MS = 10 * 60_000;

/**
 * Compares the labs on every RUNNING (or DRAINING) worker with the LabRecords (job `labs-sync`): new CML
 * states are recorded (`lab.state-changed`), records whose lab vanished become DELETED and free their
 * ports (a session still on such a lab gets `lab.failed`), labs a failed import left behind are deleted,
 * and labs no record knows become ORPHANED records (`lab.orphan-detected`). With ORPHAN_CLEANUP on, an
 * orphan is deleted after ORPHAN_GRACE_MINUTES only when its title carries LCM's mark (`lab-title.ts`):
 * an operator's own lab is reported, never deleted. Ports that no live record has held for 10 minutes are freed.
 * The step each record waits for (`dueLabWork`) is queued again: its job lives in Redis only, and one
 * Redis lost (a FLUSHALL) would leave the record waiting for ever; a step still queued or running is not
 * queued twice (its job id).
 */
export class SyncLabsCommand extends Command<LabsSyncReport> {
  static readonly schema = z.object({ workerId: z.string().min(1).optional() });

  constructor(readonly workerId?: string) {
    super();
  }
}

/** Syncs each worker on its own, so one unreachable worker does not stop the others. */
@commandHandler(SyncLabsCommand)
export class SyncLabsCommandHandler extends CommandHandler<SyncLabsCommand> {
  @inject(KNOWN_WORKER_REPOSITORY) private readonly workers!: KnownWorkerRepository;
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(CmlWorkers) private readonly cml!: CmlWorkers;
  @inject(PortAllocator) private readonly ports!: PortAllocator;
  @inject(LAB_MANAGER_SETTINGS) private readonly settings!: LabManagerSettings;
  @inject(LAB_WORK_QUEUE) private readonly work!: LabWorkQueue;

  async handle({ workerId }: SyncLabsCommand) {
    const filter = workerId ? { id: workerId } : { status: { $in: ['RUNNING', 'DRAINING'] } };
    const workers = (await this.workers.find(filter)).filter((w) => w.reachable);
    const report: LabsSyncReport = {
      workers: workers.length,
      unreachable: [],
      stateChanges: 0,
      vanished: 0,
      orphansDetected: 0,
      orphansDeleted: 0,
      halfImportedRemoved: 0,
      portsReclaimed: 0,
      stepsRequeued: 0,
    };
    for (const worker of workers) {
      try {
        await this.syncWorker(worker.id, report);
      } catch (error) {
        report.unreachable.push(worker.id);
        this.logger.warn(
          { workerId: worker.id, err: (error as Error).message },
          'labs sync skipped a worker',
        );
      }
    }
    return this.ok(report);
  }

  private async syncWorker(workerId: string, report: LabsSyncReport): Promise<void> {
    const { labs } = await this.cml.of(workerId);
    // Records before the listing: a record that names a CML lab then names one created before CML listed
    // its labs, so a lab missing from the listing really vanished. Read the other way round, an import
    // finishing in between (on another replica, or another job here) was taken for a deleted lab.
    const records = await this.records.find({ workerId, status: { $ne: 'DELETED' } });
    for (const record of records) {
      const due = dueLabWork(record);
      if (!due) continue;
      await this.work.enqueue(due);
      report.stepsRequeued++;
    }
    const onCml = new Map((await labs.listLabs()).map((lab) => [lab.id, lab]));
    const known = new Set(records.map((r) => r.state.cmlLabId).filter(Boolean));
    const importingTitles = new Set(
      records.filter((r) => r.state.status === 'IMPORTING').map((r) => r.state.title),
    );
    const failedImportTitles = new Set(
      records.filter((r) => r.state.status === 'FAILED' && !r.state.cmlLabId).map((r) => r.state.title),
    );
    const now = this.clock.now();

    for (const record of records) {
      const cmlLabId = record.state.cmlLabId;
      if (!cmlLabId) continue;
      const lab = onCml.get(cmlLabId);
      if (lab) {
        if (record.observe(lab.state, now)) {
          await this.records.update(record);
          report.stateChanges++;
        }
        continue;
      }
      // The session's CML user would outlive its lab: removed first, so a failure retries the whole step.
      if (record.state.user) await labs.deleteUser(record.state.user.cmlUserId);
      record.vanished(now);
      await this.records.update(record);
      await this.ports.release(workerId, record.id);
      report.vanished++;
      this.logger.warn(
        {
          labRecordId: record.id,
          workerId,
          cmlLabId,
          sessionId: record.state.boundSessionId,
          newStatus: 'DELETED',
        },
        'lab vanished from its worker',
      );
    }

    for (const lab of onCml.values()) {
      if (known.has(lab.id) || importingTitles.has(lab.title)) continue;
      if (await this.reservedSinceRead(workerId, lab)) continue;
      if (failedImportTitles.has(lab.title)) {
        await labs.destroyLab(lab.id);
        report.halfImportedRemoved++;
        this.logger.info({ workerId, cmlLabId: lab.id, title: lab.title }, 'lab of a failed import removed');
        continue;
      }
      await this.records.add(LabRecord.orphan(randomUUID(), workerId, lab.id, lab.title, lab.state, now));
      report.orphansDetected++;
      this.logger.info({ workerId, cmlLabId: lab.id, title: lab.title }, 'orphaned lab detected');
    }

    if (this.settings.ORPHAN_CLEANUP) await this.deleteExpiredOrphans(workerId, labs, now, report);

    const live = new Set(records.map((record) => record.id));
    const reclaimed = await this.ports.reclaimUnowned(workerId, live, UNCLAIMED_PORTS_GRACE_MS);
    if (reclaimed.length > 0) {
      report.portsReclaimed += reclaimed.length;
      this.logger.warn({ workerId, labRecordIds: reclaimed }, 'ports held by no live lab record freed');
    }
  }

  /** Whether a record reserved after this sync read the records owns the lab (imported meanwhile). */
  private async reservedSinceRead(workerId: string, lab: { id: string; title: string }): Promise<boolean> {
    const owners = await this.records.count({
      workerId,
      $or: [{ cmlLabId: lab.id }, { title: lab.title, status: { $in: ['IMPORTING', 'IMPORTED'] } }],
    });
    return owners > 0;
  }

  private async deleteExpiredOrphans(
    workerId: string,
    labs: CmlLabs,
    now: Date,
    report: LabsSyncReport,
  ): Promise<void> {
    const before = new Date(now.getTime() - this.settings.ORPHAN_GRACE_MINUTES * 60_000).toISOString();
    const expired = await this.records.find({ workerId, status: 'ORPHANED', createdAt: { $lte: before } });
    for (const orphan of expired.filter((record) => isLcmLabTitle(record.state.title))) {
      const cmlLabId = orphan.state.cmlLabId as string;
      await labs.destroyLab(cmlLabId);
      await retryOnConflict(async () => {
        const current = (await this.records.get(orphan.id)) as LabRecord;
        current.deleted(now);
        await this.records.update(current);
      });
      report.orphansDeleted++;
      this.logger.info(
        { labRecordId: orphan.id, workerId, cmlLabId, newStatus: 'DELETED' },
        'orphaned lab deleted after grace period',
      );
    }
  }
}

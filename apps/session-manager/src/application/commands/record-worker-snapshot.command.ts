import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LOST_WORKER_STATUSES,
  ON_A_WORKER_STATUSES,
  type LicenseType,
} from '../../domain/entities/session-status';
import { WorkerCapacity } from '../../domain/entities/worker-capacity.aggregate';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { actOnSessionForEvent } from '../services/act-on-session-for-event';
import { PLACEMENT_TRIGGER, type PlacementTrigger } from '../services/placement-trigger';

/** A worker snapshot from any `io.lcm.worker.*` event (already parsed with the contract's schema). */
export interface WorkerSnapshotData {
  readonly workerId: string;
  readonly status: string;
  readonly templateName: string;
  readonly region: string;
  readonly licenseType: LicenseType;
  readonly capacity: { cpuCores: number; memoryGb: number; storageGb: number; maxNodes: number };
  readonly httpsEndpoint: string | null;
  /** Whether its CML serves (absent from workers' events before health checks existed: AVAILABLE). */
  readonly serviceStatus?: string;
}

/** Updates the WorkerCapacity read model from a worker event. */
export class RecordWorkerSnapshotCommand extends Command<void> {
  static readonly schema = z.object({ observedAt: z.iso.datetime({ offset: true }) });

  constructor(
    readonly snapshot: WorkerSnapshotData,
    /** The event's `time`: a snapshot older than the one kept is ignored. */
    readonly observedAt: string,
  ) {
    super();
  }
}

/**
 * Upserts the worker's read model (two events about a new worker racing: the second applies on top of the
 * first); a worker that just became RUNNING triggers a placement run at once, so waiting sessions do not
 * wait for the next periodic loop; a worker reported stopped, failed or terminated loses its sessions
 * (WORKER_LOST), even when a newer snapshot (started again) arrived first.
 */
@commandHandler(RecordWorkerSnapshotCommand)
export class RecordWorkerSnapshotCommandHandler extends CommandHandler<RecordWorkerSnapshotCommand> {
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;
  @inject(PLACEMENT_TRIGGER) private readonly placement!: PlacementTrigger;
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ snapshot, observedAt }: RecordWorkerSnapshotCommand) {
    const { workerId, ...fields } = snapshot;
    const observed = { ...fields, observedAt };
    // A worker's events come in bursts, at once on several replicas: a save that lost the race reloads and
    // applies again, since a 409 would make the inbound table acknowledge and drop the event.
    const becameOfferable = await retryOnConflict(async () => {
      const existing = await this.workers.get(workerId);
      const wasOfferable = existing?.offerable ?? false;
      const worker = existing ?? WorkerCapacity.observe(workerId, observed);
      if (existing && !existing.apply(observed)) return false;
      await this.workers.upsert(worker);
      return worker.offerable && !wasOfferable;
    });
    if (becameOfferable) await this.placement.requestPlacement(`worker ${workerId} is RUNNING and healthy`);
    if ((LOST_WORKER_STATUSES as readonly string[]).includes(snapshot.status)) {
      await this.loseSessionsOn(workerId, new Date(observedAt));
    }
    return this.noContent();
  }

  /**
   * The worker stopped, failed or was terminated at `lostAt`: its sessions lose it now. Not left to the
   * timers alone, which read the newest snapshot only: a worker stopped behind LCM's back is started again
   * by worker-manager in the same pass (STOPPED, then STARTING at once), and a sweep in between is luck.
   * A session placed after `lostAt` (the worker came back since) is not on the lost machine.
   */
  private async loseSessionsOn(workerId: string, lostAt: Date): Promise<void> {
    const placed = await this.sessions.find({ workerId, status: { $in: ON_A_WORKER_STATUSES } });
    for (const session of placed) {
      if ((session.placedAt?.getTime() ?? 0) > lostAt.getTime()) continue;
      // A refusal means the session moved on meanwhile; a lost race is left to the next timer sweep.
      await actOnSessionForEvent(this.sessions, session.id, (current) =>
        current.loseWorker(this.clock.now()),
      );
    }
  }
}

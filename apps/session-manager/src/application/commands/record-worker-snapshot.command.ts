import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import type { LicenseType } from '../../domain/entities/session-status';
import { WorkerCapacity } from '../../domain/entities/worker-capacity.aggregate';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
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
 * wait for the next periodic loop.
 */
@commandHandler(RecordWorkerSnapshotCommand)
export class RecordWorkerSnapshotCommandHandler extends CommandHandler<RecordWorkerSnapshotCommand> {
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;
  @inject(PLACEMENT_TRIGGER) private readonly placement!: PlacementTrigger;

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
    return this.noContent();
  }
}

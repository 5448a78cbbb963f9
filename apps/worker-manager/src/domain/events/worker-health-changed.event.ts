import { cloudevent } from '@lcm/neuro-core/domain';
import type { ServiceStatus } from '../entities/worker-values';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A RUNNING worker's service status moved because health checks kept failing, or because they pass again. */
@cloudevent('io.lcm.worker.health-changed.v1')
export class WorkerHealthChanged extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly oldServiceStatus: ServiceStatus,
    /** What failed, or null on recovery. */
    readonly reason: string | null,
  ) {
    super(snapshot, occurredAt);
  }
}

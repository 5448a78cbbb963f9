import { cloudevent } from '@lcm/neuro-core/domain';
import type { WorkerStatus } from '../entities/worker-values';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker moved from one status to another, with the reason. */
@cloudevent('io.lcm.worker.status-changed.v1')
export class WorkerStatusChanged extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly oldStatus: WorkerStatus,
    readonly newStatus: WorkerStatus,
    readonly reason: string,
  ) {
    super(snapshot, occurredAt);
  }
}

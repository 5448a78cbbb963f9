import { cloudevent } from '@lcm/neuro-core/domain';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker takes no new sessions and stops once its last session ends (or the drain timeout passes). */
@cloudevent('io.lcm.worker.draining.v1')
export class WorkerDraining extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly drainStartedAt: string,
  ) {
    super(snapshot, occurredAt);
  }
}

import { cloudevent } from '@lcm/neuro-core/domain';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker is TERMINATED; its record stays (soft delete). */
@cloudevent('io.lcm.worker.terminated.v1')
export class WorkerTerminated extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly terminatedBy: string,
  ) {
    super(snapshot, occurredAt);
  }
}

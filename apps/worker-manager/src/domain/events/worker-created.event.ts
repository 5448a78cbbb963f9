import { cloudevent } from '@lcm/neuro-core/domain';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker was created (PENDING, or adopted from an existing instance). */
@cloudevent('io.lcm.worker.created.v1')
export class WorkerCreated extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly name: string,
    readonly instanceType: string,
  ) {
    super(snapshot, occurredAt);
  }
}

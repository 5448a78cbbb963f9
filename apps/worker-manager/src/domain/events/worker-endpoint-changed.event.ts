import { cloudevent } from '@lcm/neuro-core/domain';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker's IPs or CML endpoint changed: set when its instance runs, cleared when it stops. */
@cloudevent('io.lcm.worker.endpoint-changed.v1')
export class WorkerEndpointChanged extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly publicIp: string | null,
    readonly privateIp: string | null,
  ) {
    super(snapshot, occurredAt);
  }
}

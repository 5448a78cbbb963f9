import { cloudevent } from '@lcm/neuro-core/domain';
import type { WorkerLicense } from '../entities/worker-values';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker's CML licence status or the operation on it changed. */
@cloudevent('io.lcm.worker.license-changed.v1')
export class WorkerLicenseChanged extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly license: WorkerLicense,
  ) {
    super(snapshot, occurredAt);
  }
}

import { cloudevent } from '@lcm/neuro-core/domain';
import type { WorkerMetrics } from '../entities/worker-values';
import { type WorkerSnapshot, WorkerSnapshotEvent } from './worker-snapshot.event';

/** A worker's CML metrics moved by 5% or more since the last recorded sample. */
@cloudevent('io.lcm.worker.metrics-updated.v1')
export class WorkerMetricsUpdated extends WorkerSnapshotEvent {
  constructor(
    snapshot: WorkerSnapshot,
    occurredAt: Date,
    readonly metrics: WorkerMetrics,
  ) {
    super(snapshot, occurredAt);
  }
}

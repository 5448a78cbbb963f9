import { cloudevent } from '@lcm/neuro-core/domain';
import { WorkerSnapshotEvent } from './worker-snapshot.event';

/** A draining worker is back to RUNNING. */
@cloudevent('io.lcm.worker.drain-cancelled.v1')
export class WorkerDrainCancelled extends WorkerSnapshotEvent {}

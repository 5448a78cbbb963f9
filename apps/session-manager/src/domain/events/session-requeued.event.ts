import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** A placed session whose lab or worker failed before READY is PENDING again, to be placed once on another worker (the snapshot names the worker it leaves). */
@cloudevent('io.lcm.session.requeued.v1')
export class SessionRequeued extends SessionSnapshotEvent {}

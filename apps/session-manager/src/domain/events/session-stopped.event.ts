import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The lab was released; the session is over. */
@cloudevent('io.lcm.session.stopped.v1')
export class SessionStopped extends SessionSnapshotEvent {}

import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The owner or an admin cancelled the session before instantiation. */
@cloudevent('io.lcm.session.cancelled.v1')
export class SessionCancelled extends SessionSnapshotEvent {}

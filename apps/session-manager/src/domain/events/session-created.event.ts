import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** A session was requested and is PENDING placement. */
@cloudevent('io.lcm.session.created.v1')
export class SessionCreated extends SessionSnapshotEvent {}

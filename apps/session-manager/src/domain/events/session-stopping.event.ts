import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The session is ending; lab-manager stops and wipes the lab. */
@cloudevent('io.lcm.session.stopping.v1')
export class SessionStopping extends SessionSnapshotEvent {}

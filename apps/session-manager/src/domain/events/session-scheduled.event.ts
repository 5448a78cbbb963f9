import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** A session was placed on a worker; lab-manager reserves its lab and ports. */
@cloudevent('io.lcm.session.scheduled.v1')
export class SessionScheduled extends SessionSnapshotEvent {}

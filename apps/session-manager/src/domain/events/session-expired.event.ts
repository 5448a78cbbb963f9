import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** No worker was found before the timeslot had started long enough ago. */
@cloudevent('io.lcm.session.expired.v1')
export class SessionExpired extends SessionSnapshotEvent {}

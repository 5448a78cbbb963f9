import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The lab lead time was reached; lab-manager starts the lab. */
@cloudevent('io.lcm.session.instantiating.v1')
export class SessionInstantiating extends SessionSnapshotEvent {}

import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The lab could not be prepared (lab failure or instantiation timeout). */
@cloudevent('io.lcm.session.failed.v1')
export class SessionFailed extends SessionSnapshotEvent {}

import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The lab is ready; the owner can read its access. */
@cloudevent('io.lcm.session.ready.v1')
export class SessionReady extends SessionSnapshotEvent {}

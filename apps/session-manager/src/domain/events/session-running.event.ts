import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The timeslot started, or the owner started early. */
@cloudevent('io.lcm.session.running.v1')
export class SessionRunning extends SessionSnapshotEvent {}

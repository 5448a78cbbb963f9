import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** The results were collected; the session waits for its grade. */
@cloudevent('io.lcm.session.grading.v1')
export class SessionGrading extends SessionSnapshotEvent {}

import { cloudevent } from '@lcm/neuro-core/domain';
import { SessionSnapshotEvent } from './session-snapshot.event';

/** Grading was requested; the assessment system collects the results. */
@cloudevent('io.lcm.session.collecting.v1')
export class SessionCollecting extends SessionSnapshotEvent {}

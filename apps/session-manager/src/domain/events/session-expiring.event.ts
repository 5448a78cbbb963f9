import { cloudevent } from '@lcm/neuro-core/domain';
import { type SessionSnapshot, SessionSnapshotEvent } from './session-snapshot.event';

/** A READY or RUNNING session ends soon (EXPIRY_WARNING_MINUTES): its owner can save work or extend. */
@cloudevent('io.lcm.session.expiring.v1')
export class SessionExpiring extends SessionSnapshotEvent {
  readonly minutesLeft: number;

  constructor(snapshot: SessionSnapshot, occurredAt: Date, minutesLeft: number) {
    super(snapshot, occurredAt);
    this.minutesLeft = minutesLeft;
  }
}

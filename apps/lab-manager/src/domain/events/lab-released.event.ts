import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';

/** A session's lab is stopped and wiped and its CML user removed (LabReleasedSchema). */
@cloudevent('io.lcm.lab.released.v1')
export class LabReleased extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly labRecordId: string,
    readonly sessionId: string,
    readonly workerId: string,
  ) {
    super(labRecordId, occurredAt);
  }
}

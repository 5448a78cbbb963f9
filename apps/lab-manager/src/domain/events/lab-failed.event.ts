import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';

/** A session's lab could not be prepared after retries, or vanished from its worker (LabFailedSchema). */
@cloudevent('io.lcm.lab.failed.v1')
export class LabFailed extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly labRecordId: string,
    readonly sessionId: string,
    readonly workerId: string,
    readonly reason: string,
  ) {
    super(labRecordId, occurredAt);
  }
}

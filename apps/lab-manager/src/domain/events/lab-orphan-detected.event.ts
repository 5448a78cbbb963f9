import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';

/** A lab on a worker that no lab record knew; it is now recorded as ORPHANED (LabOrphanDetectedSchema). */
@cloudevent('io.lcm.lab.orphan-detected.v1')
export class LabOrphanDetected extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly labRecordId: string,
    readonly workerId: string,
    readonly cmlLabId: string,
    readonly title: string,
  ) {
    super(labRecordId, occurredAt);
  }
}

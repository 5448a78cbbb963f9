import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';

/** A session's lab is started and converged. Carries the username, never the password (LabReadySchema). */
@cloudevent('io.lcm.lab.ready.v1')
export class LabReady extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly labRecordId: string,
    readonly sessionId: string,
    readonly workerId: string,
    readonly cmlLabId: string,
    readonly accessUrl: string,
    readonly username: string,
    readonly ports: Record<string, number>,
  ) {
    super(labRecordId, occurredAt);
  }
}

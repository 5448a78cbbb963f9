import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';
import type { CmlLabState } from '../entities/lab-record-status';

/** Labs sync saw a CML lab change state (LabStateChangedSchema). */
@cloudevent('io.lcm.lab.state-changed.v1')
export class LabStateChanged extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly labRecordId: string,
    readonly workerId: string,
    readonly cmlLabId: string,
    readonly oldState: CmlLabState | null,
    readonly newState: CmlLabState,
  ) {
    super(labRecordId, occurredAt);
  }
}

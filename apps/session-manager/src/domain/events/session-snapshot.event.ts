import { DomainEvent } from '@lcm/neuro-core/domain';
import type { SessionStatus } from '../entities/session-status';

/** The fields every session event carries (the contract's SessionSnapshotSchema): the event's own fields. */
export type SessionSnapshot = Omit<SessionSnapshotEvent, keyof DomainEvent>;

/**
 * Base of the session events: copies the snapshot into the event's own fields, which become the CloudEvent
 * data, so lab-manager and worker-manager can act on any one event without asking back.
 */
export abstract class SessionSnapshotEvent extends DomainEvent {
  readonly sessionId!: string;
  readonly ownerId!: string;
  readonly status!: SessionStatus;
  readonly definitionId!: string;
  readonly definitionName!: string;
  readonly definitionVersion!: string;
  readonly timeslotStart!: string;
  readonly timeslotEnd!: string;
  readonly workerId!: string | null;
  readonly labRecordId!: string | null;
  readonly allocatedPorts!: Readonly<Record<string, number>> | null;
  readonly reason!: string | null;

  constructor(snapshot: SessionSnapshot, occurredAt: Date) {
    super(snapshot.sessionId, occurredAt);
    const allocatedPorts = snapshot.allocatedPorts ? { ...snapshot.allocatedPorts } : null;
    Object.assign(this, { ...snapshot, allocatedPorts });
  }
}

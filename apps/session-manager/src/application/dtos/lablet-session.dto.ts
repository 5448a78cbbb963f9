import type { LabletSession, SessionHistoryEntry } from '../../domain/entities/lablet-session.aggregate';
import type { PlacementReason, SessionStatus } from '../../domain/entities/session-status';

/** A lablet session as the API shows it (docs/domain.md#lablet-session fields; never a password). */
export interface LabletSessionDto {
  readonly id: string;
  readonly ownerId: string;
  readonly definitionId: string;
  readonly definitionName: string;
  readonly definitionVersion: string;
  readonly timeslotStart: string;
  readonly timeslotEnd: string;
  readonly status: SessionStatus;
  readonly workerId: string | null;
  readonly labRecordId: string | null;
  readonly allocatedPorts: Readonly<Record<string, number>> | null;
  readonly access: { readonly url: string; readonly username: string } | null;
  readonly placementAttempts: number;
  readonly lastPlacementReason: PlacementReason | null;
  /** Capacity for it is asked for or being launched: it waits up to CAPACITY_WAIT_MINUTES after its start. */
  readonly awaitingCapacity: boolean;
  readonly score: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly terminationReason: string | null;
  /** How many times it was placed again after its lab or worker failed before READY. */
  readonly replacements: number;
  /** Every status it entered and every re-placement, with why, who and when (oldest first). */
  readonly history: readonly SessionHistoryEntry[];
  readonly stateVersion: number;
}

/** Maps a session to its API shape. */
export function toLabletSessionDto(session: LabletSession): LabletSessionDto {
  const s = session.state;
  return {
    id: session.id,
    ownerId: s.ownerId,
    definitionId: s.definitionId,
    definitionName: s.definitionName,
    definitionVersion: s.definitionVersion,
    timeslotStart: s.timeslotStart,
    timeslotEnd: s.timeslotEnd,
    status: s.status,
    workerId: s.workerId,
    labRecordId: s.labRecordId,
    allocatedPorts: s.allocatedPorts,
    access: s.access,
    placementAttempts: s.placementAttempts,
    lastPlacementReason: s.lastPlacementReason,
    awaitingCapacity: session.awaitingCapacity,
    score: s.score,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    terminationReason: s.terminationReason,
    replacements: s.replacements ?? 0,
    history: session.history,
    stateVersion: session.stateVersion,
  };
}

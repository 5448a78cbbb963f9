import type { LabletSession, LabletSessionState } from '../../domain/entities/lablet-session.aggregate';

/** Bookkeeping the API does not show: placement's inputs, the timeouts' start times, the warning sent. */
type Internal =
  | 'region'
  | 'demand'
  | 'instantiatingAt'
  | 'assessmentStartedAt'
  | 'avoidedWorkerIds'
  | 'requeuedAt'
  | 'expiryWarnedFor';

/**
 * A lablet session as the API shows it (docs/domain.md#lablet-session fields; never a password): its state
 * less the internal bookkeeping, with `awaitingCapacity` (capacity for it is asked for or being launched:
 * it waits up to CAPACITY_WAIT_MINUTES after its start), `replacements` (times it was placed again after
 * its lab or worker failed before READY) and `history` (every status it entered and every re-placement,
 * with why, who and when, oldest first) filled in for sessions stored before they existed.
 */
export type LabletSessionDto = Readonly<
  Required<Omit<LabletSessionState, Internal>> & { readonly id: string; readonly stateVersion: number }
>;

/** Maps a session to its API shape. */
export function toLabletSessionDto(session: LabletSession): LabletSessionDto {
  const {
    region,
    demand,
    instantiatingAt,
    assessmentStartedAt,
    avoidedWorkerIds,
    requeuedAt,
    expiryWarnedFor,
    ...shown
  } = session.state;
  return {
    id: session.id,
    ...shown,
    awaitingCapacity: session.awaitingCapacity,
    replacements: shown.replacements ?? 0,
    history: [...session.history],
    stateVersion: session.stateVersion,
  };
}

import type { CmlWorker } from '../../domain/entities/cml-worker.aggregate';

/** The answer of `GET /workers/{id}/idle-status` (docs/domain.md#idle-stop). */
export interface IdleStatus {
  readonly isIdle: boolean;
  readonly idleMinutes: number;
  readonly idleThresholdMinutes: number;
  /** A freshly started worker gets a full idle timeout before it may be stopped. */
  readonly inSnoozePeriod: boolean;
  readonly eligibleForStop: boolean;
  readonly lastActivityAt: string | null;
}

/**
 * Idle detection of docs/domain.md#idle-stop: a RUNNING worker with idle detection on, no running CML nodes and no active
 * session is idle; it may be stopped once idle for the threshold, counted from the later of its last
 * activity and its last start. `runningNodes` is the latest known count (null when unknown: not idle).
 */
export function idleStatusOf(
  worker: CmlWorker,
  activeSessions: number,
  runningNodes: number | null,
  now: Date,
  idleThresholdMinutes: number,
): IdleStatus {
  const s = worker.state;
  const isIdle = runningNodes === 0 && activeSessions === 0;
  const since = Math.max(time(s.lastActivityAt), time(s.lastResumedAt), time(s.createdAt));
  const idleMs = isIdle ? Math.max(0, now.getTime() - since) : 0;
  const idleMinutes = Math.floor(idleMs / 60_000);
  const resumedLast = time(s.lastResumedAt) >= time(s.lastActivityAt) && s.lastResumedAt !== null;
  const inSnoozePeriod = resumedLast && now.getTime() - time(s.lastResumedAt) < idleThresholdMinutes * 60_000;
  return {
    isIdle,
    idleMinutes,
    idleThresholdMinutes,
    inSnoozePeriod,
    eligibleForStop:
      s.status === 'RUNNING' && s.idleDetectionEnabled && isIdle && idleMs >= idleThresholdMinutes * 60_000,
    lastActivityAt: s.lastActivityAt,
  };
}

function time(iso: string | null): number {
  return iso ? new Date(iso).getTime() : 0;
}

import { DomainResult } from '@lcm/neuro-core';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import type { LabletSessionRepository } from '../../domain/repositories/lablet-session.repository';
import { actOnSessionForEvent } from './act-on-session-for-event';

/** What lab-manager reports about a session's lab: the session, and the worker the lab is on when known. */
export interface LabReport {
  readonly sessionId: string;
  readonly workerId: string | null;
}

/**
 * Applies a lab-manager report to its session and saves it. A report about a lab on a worker the session
 * has left (it was placed again) is refused with 409, which the inbound table acknowledges: it changes
 * nothing, and `ignored` says why in the refusal.
 */
export function actOnLabReport(
  sessions: LabletSessionRepository,
  report: LabReport,
  ignored: string,
  act: (session: LabletSession) => DomainResult,
) {
  return actOnSessionForEvent(sessions, report.sessionId, (session) =>
    report.workerId !== null && session.state.workerId !== report.workerId
      ? DomainResult.fail(
          `lablet session ${session.id} is not on worker ${report.workerId} any more; ${ignored}`,
        )
      : act(session),
  );
}

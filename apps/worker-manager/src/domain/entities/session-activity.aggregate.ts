import { SessionStatusSchema } from '@lcm/contracts';
import { AggregateRoot } from '@lcm/neuro-core/domain';

/**
 * Session statuses in which a session occupies its worker (docs/domain.md#idle-stop: a worker with one is
 * not idle): every status of the session CloudEvents but waiting for placement and the terminal ones.
 */
export const ACTIVE_SESSION_STATUSES: readonly string[] = SessionStatusSchema.exclude([
  'PENDING',
  'STOPPED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
]).options;

/** The local view of one lablet session: which worker it is on and its status as last heard. */
export interface SessionActivityState {
  workerId: string | null;
  status: string;
  /** Time of the session event this view was last updated from; older events are ignored. */
  observedAt: string;
}

/**
 * worker-manager's read model of session-manager's sessions (fed by `io.lcm.session.*`), so idle
 * detection and drain know how many active sessions each worker has without asking another service.
 */
export class SessionActivity extends AggregateRoot<SessionActivityState> {
  /** The view of a session first heard of. */
  static track(
    sessionId: string,
    workerId: string | null,
    status: string,
    observedAt: Date,
  ): SessionActivity {
    return new SessionActivity(sessionId, { workerId, status, observedAt: observedAt.toISOString() });
  }

  /** Builds the view back from storage. */
  static rehydrate(id: string, state: SessionActivityState, stateVersion: number): SessionActivity {
    return new SessionActivity(id, state, stateVersion);
  }

  /** Applies a later event; returns false (no change) for an older or identical one, since delivery order is not guaranteed. */
  apply(workerId: string | null, status: string, observedAt: Date): boolean {
    if (observedAt.getTime() < new Date(this._state.observedAt).getTime()) return false;
    if (this._state.status === status && this._state.workerId === workerId) return false;
    this._state = {
      workerId: workerId ?? this._state.workerId,
      status,
      observedAt: observedAt.toISOString(),
    };
    return true;
  }

  /** Whether the session still occupies its worker. */
  get isActive(): boolean {
    return ACTIVE_SESSION_STATUSES.includes(this._state.status);
  }
}

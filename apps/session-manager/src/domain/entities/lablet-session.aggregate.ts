import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import { SessionCancelled } from '../events/session-cancelled.event';
import { SessionCollecting } from '../events/session-collecting.event';
import { SessionCreated } from '../events/session-created.event';
import { SessionExpiring } from '../events/session-expiring.event';
import { SessionGrading } from '../events/session-grading.event';
import { SessionRequeued } from '../events/session-requeued.event';
import { SessionExpired } from '../events/session-expired.event';
import { SessionFailed } from '../events/session-failed.event';
import { SessionInstantiating } from '../events/session-instantiating.event';
import { SessionReady } from '../events/session-ready.event';
import { SessionRunning } from '../events/session-running.event';
import { type SessionSnapshot, SessionSnapshotEvent } from '../events/session-snapshot.event';
import { SessionScheduled } from '../events/session-scheduled.event';
import { SessionStopped } from '../events/session-stopped.event';
import { SessionStopping } from '../events/session-stopping.event';
import type { SessionDemand } from './session-demand';
import {
  LAB_NOT_UP_STATUSES,
  LAB_UP_STATUSES,
  ON_A_WORKER_STATUSES,
  type PlacementReason,
  type SessionStatus,
} from './session-status';

/** One step of a session's history: a status it entered, or its re-placement, with why and who. */
export interface SessionHistoryEntry {
  readonly at: string;
  readonly status: SessionStatus;
  /** `REQUEUED` for a re-placement (status PENDING again); otherwise the status change. */
  readonly action: 'STATUS_CHANGED' | 'REQUEUED';
  readonly reason: string | null;
  /** The user who asked (cancel, stop, terminate, start, collect, extend); null for the system. */
  readonly by: string | null;
  /** The worker the session was on when it was re-placed. */
  readonly workerId?: string | null;
}

/** How many times a session whose lab or worker failed before READY is placed again before it FAILS. */
export const MAX_REPLACEMENTS = 1;

/** The stored state of a lablet session (docs/domain.md#lablet-session fields, times as ISO strings so filters compare them). */
export interface LabletSessionState {
  ownerId: string;
  definitionId: string;
  definitionName: string;
  definitionVersion: string;
  /** The region placement prefers (the service's DEFAULT_REGION at request time). */
  region: string;
  demand: SessionDemand;
  timeslotStart: string;
  timeslotEnd: string;
  status: SessionStatus;
  workerId: string | null;
  labRecordId: string | null;
  allocatedPorts: Record<string, number> | null;
  access: { url: string; username: string } | null;
  placementAttempts: number;
  lastPlacementReason: PlacementReason | null;
  /**
   * The last placement run left it waiting for capacity asked for or being launched: it may then wait
   * CAPACITY_WAIT_MINUTES after its start instead of EXPIRE_AFTER_START_MINUTES.
   */
  awaitingCapacity?: boolean;
  score: number | null;
  createdAt: string;
  /** When instantiation began; the INSTANTIATING timeout counts from here. */
  instantiatingAt: string | null;
  /** When grading was requested; the assessment timeout counts from here. */
  assessmentStartedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  terminationReason: string | null;
  /** Every status it entered and every re-placement, oldest first (absent on sessions stored before it). */
  history?: SessionHistoryEntry[];
  /** How many times it was placed again after its lab or worker failed before READY. */
  replacements?: number;
  /** Workers it failed on: placement puts it elsewhere. */
  avoidedWorkerIds?: string[];
  /** When it was last re-placed: its expiry counts from here when that is after its start. */
  requeuedAt?: string | null;
  /** The `timeslotEnd` its owner was last warned about (an extension arms the warning again). */
  expiryWarnedFor?: string | null;
}

/** What a new session request pins. */
export interface SessionRequest {
  readonly ownerId: string;
  readonly definitionId: string;
  readonly definitionName: string;
  readonly definitionVersion: string;
  readonly region: string;
  readonly demand: SessionDemand;
  readonly timeslotStart: Date;
  readonly timeslotEnd: Date;
}

/** What lab-manager reported when the lab became ready. */
export interface LabAccess {
  readonly labRecordId: string;
  readonly url: string;
  readonly username: string;
  readonly ports: Readonly<Record<string, number>>;
}

type SnapshotEventClass = new (snapshot: SessionSnapshot, at: Date) => SessionSnapshotEvent;

const EVENT_OF: Partial<Record<SessionStatus, SnapshotEventClass>> = {
  PENDING: SessionCreated,
  SCHEDULED: SessionScheduled,
  INSTANTIATING: SessionInstantiating,
  READY: SessionReady,
  RUNNING: SessionRunning,
  COLLECTING: SessionCollecting,
  GRADING: SessionGrading,
  STOPPING: SessionStopping,
  STOPPED: SessionStopped,
  FAILED: SessionFailed,
  EXPIRED: SessionExpired,
  CANCELLED: SessionCancelled,
};

/**
 * One timed lab session of one user: owns the status machine of docs/domain.md#session-statuses. Every method either moves the
 * session along an allowed transition (recording the matching session event) or refuses with a message
 * naming the current status, which handlers answer with 409.
 */
export class LabletSession extends AggregateRoot<LabletSessionState> {
  /** A new PENDING session for a timeslot. */
  static request(id: string, request: SessionRequest, at: Date): LabletSession {
    const session = new LabletSession(id, {
      ownerId: request.ownerId,
      definitionId: request.definitionId,
      definitionName: request.definitionName,
      definitionVersion: request.definitionVersion,
      region: request.region,
      demand: { ...request.demand, licenseAffinity: [...request.demand.licenseAffinity] },
      timeslotStart: request.timeslotStart.toISOString(),
      timeslotEnd: request.timeslotEnd.toISOString(),
      status: 'PENDING',
      workerId: null,
      labRecordId: null,
      allocatedPorts: null,
      access: null,
      placementAttempts: 0,
      lastPlacementReason: null,
      awaitingCapacity: false,
      score: null,
      createdAt: at.toISOString(),
      instantiatingAt: null,
      assessmentStartedAt: null,
      startedAt: null,
      endedAt: null,
      terminationReason: null,
      history: [],
      replacements: 0,
      avoidedWorkerIds: [],
      requeuedAt: null,
      expiryWarnedFor: null,
    });
    session.moveTo('PENDING', at, null, request.ownerId);
    return session;
  }

  get status(): SessionStatus {
    return this._state.status;
  }

  get timeslotStart(): Date {
    return new Date(this._state.timeslotStart);
  }

  get timeslotEnd(): Date {
    return new Date(this._state.timeslotEnd);
  }

  /** PENDING -> SCHEDULED: placement found a worker (its capacity is already reserved). */
  schedule(workerId: string, at: Date): DomainResult {
    const allowed = this.require(['PENDING'], 'schedule');
    if (!allowed.ok) return allowed;
    this._state.workerId = workerId;
    this._state.placementAttempts += 1;
    this._state.lastPlacementReason = null;
    this._state.awaitingCapacity = false;
    return this.moveTo('SCHEDULED', at, null);
  }

  /**
   * Placement could not place a PENDING session: it stays PENDING with the reason (no event), and whether
   * capacity for it is asked for or being launched.
   */
  recordPlacementFailure(reason: PlacementReason, awaitingCapacity = false): DomainResult {
    const allowed = this.require(['PENDING'], 'record a placement attempt');
    if (!allowed.ok) return allowed;
    this._state.placementAttempts += 1;
    this._state.lastPlacementReason = reason;
    this._state.awaitingCapacity = awaitingCapacity;
    return DomainResult.ok();
  }

  get awaitingCapacity(): boolean {
    return this._state.awaitingCapacity ?? false;
  }

  /**
   * Whether a PENDING session has waited too long: `afterStartMs` after its start (or its re-placement, when
   * later), `awaitingCapacityMs` while a launch is coming for it.
   */
  isExpiryDue(now: Date, afterStartMs: number, awaitingCapacityMs: number): boolean {
    if (this._state.status !== 'PENDING') return false;
    const requeuedAt = this._state.requeuedAt ? Date.parse(this._state.requeuedAt) : 0;
    const from = Math.max(this.timeslotStart.getTime(), requeuedAt);
    return now.getTime() - from >= (this.awaitingCapacity ? awaitingCapacityMs : afterStartMs);
  }

  /** The workers placement must not use for it: those its lab or worker failed on. */
  get avoidedWorkerIds(): readonly string[] {
    return this._state.avoidedWorkerIds ?? [];
  }

  /** PENDING -> EXPIRED: still unplaced a while after the timeslot started. */
  expire(at: Date): DomainResult {
    const allowed = this.require(['PENDING'], 'expire');
    if (!allowed.ok) return allowed;
    this._state.endedAt = at.toISOString();
    this._state.terminationReason = this._state.lastPlacementReason ?? 'NOT_PLACED';
    return this.moveTo('EXPIRED', at, this._state.terminationReason);
  }

  /** SCHEDULED -> INSTANTIATING: the lab lead time was reached. */
  beginInstantiation(at: Date): DomainResult {
    const allowed = this.require(['SCHEDULED'], 'instantiate');
    if (!allowed.ok) return allowed;
    this._state.instantiatingAt = at.toISOString();
    return this.moveTo('INSTANTIATING', at, null);
  }

  /** INSTANTIATING -> READY on `io.lcm.lab.ready.v1`. */
  markReady(access: LabAccess, at: Date): DomainResult {
    const allowed = this.require(['INSTANTIATING'], 'become READY');
    if (!allowed.ok) return allowed;
    this._state.labRecordId = access.labRecordId;
    this._state.access = { url: access.url, username: access.username };
    this._state.allocatedPorts = { ...access.ports };
    return this.moveTo('READY', at, null);
  }

  /**
   * SCHEDULED/INSTANTIATING: the lab failed or was not ready in time. The first time it goes back to PENDING
   * (`io.lcm.session.requeued.v1`, the reason in its history) to be placed on another worker; then FAILED.
   */
  fail(reason: string, at: Date): DomainResult {
    const allowed = this.require(LAB_NOT_UP_STATUSES, 'fail');
    if (!allowed.ok) return allowed;
    if ((this._state.replacements ?? 0) < MAX_REPLACEMENTS && this._state.workerId !== null)
      return this.requeue(reason, at);
    this._state.endedAt = at.toISOString();
    this._state.terminationReason = reason;
    return this.moveTo('FAILED', at, reason);
  }

  /**
   * READY/RUNNING whose end is at most `warningMs` away and whose owner was not warned about this end yet:
   * `io.lcm.session.expiring.v1`. Returns ok(false) when there is nothing to warn about.
   */
  warnOfExpiry(now: Date, warningMs: number): DomainResult<boolean> {
    if (this._state.status !== 'READY' && this._state.status !== 'RUNNING') return DomainResult.ok(false);
    const left = this.timeslotEnd.getTime() - now.getTime();
    if (left > warningMs || this._state.expiryWarnedFor === this._state.timeslotEnd)
      return DomainResult.ok(false);
    this._state.expiryWarnedFor = this._state.timeslotEnd;
    const minutesLeft = Math.max(0, Math.round(left / 60_000));
    this.registerEvent(new SessionExpiring(this.snapshot(null), now, minutesLeft));
    return DomainResult.ok(true);
  }

  /** READY -> RUNNING: the timeslot started, or the owner started early (`by`). */
  start(at: Date, by: string | null = null): DomainResult {
    const allowed = this.require(['READY'], 'start');
    if (!allowed.ok) return allowed;
    this._state.startedAt = at.toISOString();
    return this.moveTo('RUNNING', at, null, by);
  }

  /** RUNNING -> COLLECTING: grading was requested (`by`). */
  collect(at: Date, by: string | null = null): DomainResult {
    const allowed = this.require(['RUNNING'], 'collect');
    if (!allowed.ok) return allowed;
    this._state.assessmentStartedAt = at.toISOString();
    return this.moveTo('COLLECTING', at, null, by);
  }

  /** COLLECTING -> GRADING on `io.lcm.assessment.collection-completed.v1`. */
  completeCollection(at: Date): DomainResult {
    const allowed = this.require(['COLLECTING'], 'start grading');
    if (!allowed.ok) return allowed;
    return this.moveTo('GRADING', at, null);
  }

  /** GRADING -> STOPPING on `io.lcm.assessment.grading-completed.v1`, keeping the score. */
  completeGrading(score: number, at: Date): DomainResult {
    const allowed = this.require(['GRADING'], 'record a grade');
    if (!allowed.ok) return allowed;
    this._state.score = score;
    this._state.terminationReason = 'GRADED';
    return this.moveTo('STOPPING', at, 'GRADED');
  }

  /**
   * COLLECTING/GRADING -> STOPPING without a score: the assessment never answered. Without this the lab
   * would run, and its worker stay busy, for as long as the grader stays silent.
   */
  timeOutAssessment(at: Date): DomainResult {
    const allowed = this.require(['COLLECTING', 'GRADING'], 'time out the assessment');
    if (!allowed.ok) return allowed;
    this._state.terminationReason = 'ASSESSMENT_TIMEOUT';
    return this.moveTo('STOPPING', at, 'ASSESSMENT_TIMEOUT');
  }

  /**
   * The worker under the session stopped, failed or was terminated: a session whose lab was not up yet
   * FAILS (placed once more on another worker first, see `fail`), one that had a lab goes STOPPING (its release then finds nothing to clean and releases it).
   * Either way the owner learns now instead of at the end of the timeslot.
   */
  loseWorker(at: Date): DomainResult {
    const allowed = this.require(ON_A_WORKER_STATUSES, 'give up its lost worker');
    if (!allowed.ok) return allowed;
    if (LAB_NOT_UP_STATUSES.includes(this._state.status)) return this.fail('WORKER_LOST', at);
    this._state.terminationReason = 'WORKER_LOST';
    return this.moveTo('STOPPING', at, 'WORKER_LOST');
  }

  /**
   * lab-manager reports the session's lab failed (`io.lcm.lab.failed.v1`): before READY this is `fail`
   * (`LAB_FAILED: <reason>`, placed once more elsewhere first); a session that had its lab (READY ...
   * GRADING) lost it, e.g. it vanished from the worker, and goes STOPPING (`LAB_LOST: <reason>`) so its
   * owner learns now and its release unbinds what is left.
   */
  loseLab(reason: string, at: Date): DomainResult {
    if (LAB_NOT_UP_STATUSES.includes(this._state.status)) return this.fail(`LAB_FAILED: ${reason}`, at);
    const allowed = this.require(LAB_UP_STATUSES, 'give up its lost lab');
    if (!allowed.ok) return allowed;
    this._state.terminationReason = `LAB_LOST: ${reason}`;
    return this.moveTo('STOPPING', at, this._state.terminationReason);
  }

  /** READY/RUNNING -> STOPPING: timeslot end, the owner's stop, or an admin's terminate (`by` who asked). */
  stop(reason: string, at: Date, by: string | null = null): DomainResult {
    const allowed = this.require(['READY', 'RUNNING'], 'stop');
    if (!allowed.ok) return allowed;
    this._state.terminationReason = reason;
    return this.moveTo('STOPPING', at, reason, by);
  }

  /** STOPPING -> STOPPED on `io.lcm.lab.released.v1`. */
  markReleased(at: Date): DomainResult {
    const allowed = this.require(['STOPPING'], 'be released');
    if (!allowed.ok) return allowed;
    this._state.endedAt = at.toISOString();
    return this.moveTo('STOPPED', at, this._state.terminationReason);
  }

  /** PENDING/SCHEDULED -> CANCELLED, before any lab is started (`by` who asked). */
  cancel(reason: string, at: Date, by: string | null = null): DomainResult {
    const allowed = this.require(['PENDING', 'SCHEDULED'], 'cancel');
    if (!allowed.ok) return allowed;
    this._state.endedAt = at.toISOString();
    this._state.terminationReason = reason;
    return this.moveTo('CANCELLED', at, reason, by);
  }

  /** When it was last placed on its worker (its last SCHEDULED), or null when its history does not say. */
  get placedAt(): Date | null {
    const placed = this.history.findLast((entry) => entry.status === 'SCHEDULED');
    return placed ? new Date(placed.at) : null;
  }

  /** Its history, oldest first. */
  get history(): readonly SessionHistoryEntry[] {
    return this._state.history ?? [];
  }

  /**
   * Moves the end of a placed session later. The caller checked the worker's capacity for the extra time
   * (WorkerAllocation) and the definition's maximum duration, passed here as `maxDurationMinutes`.
   */
  extend(minutes: number, maxDurationMinutes: number): DomainResult<Date> {
    const allowed = this.require(['SCHEDULED', 'INSTANTIATING', 'READY', 'RUNNING'], 'extend');
    if (!allowed.ok) return allowed;
    const newEnd = new Date(this.timeslotEnd.getTime() + minutes * 60_000);
    const total = (newEnd.getTime() - this.timeslotStart.getTime()) / 60_000;
    if (total > maxDurationMinutes) {
      return DomainResult.fail(
        `lablet session ${this.id} would last ${total} minutes; ${this._state.definitionName} allows at most ${maxDurationMinutes}`,
      );
    }
    this._state.timeslotEnd = newEnd.toISOString();
    return DomainResult.ok(newEnd);
  }

  /** The data every session event carries. */
  snapshot(reason: string | null = null): SessionSnapshot {
    const s = this._state;
    return {
      sessionId: this.id,
      ownerId: s.ownerId,
      status: s.status,
      definitionId: s.definitionId,
      definitionName: s.definitionName,
      definitionVersion: s.definitionVersion,
      timeslotStart: s.timeslotStart,
      timeslotEnd: s.timeslotEnd,
      workerId: s.workerId,
      labRecordId: s.labRecordId,
      allocatedPorts: s.allocatedPorts,
      reason,
    };
  }

  private require(from: readonly SessionStatus[], action: string): DomainResult {
    if (from.includes(this._state.status)) return DomainResult.ok();
    return DomainResult.fail(`lablet session ${this.id} is ${this._state.status}; ${action} is not allowed`);
  }

  private moveTo(
    status: SessionStatus,
    at: Date,
    reason: string | null,
    by: string | null = null,
  ): DomainResult {
    this._state.status = status;
    this.record({ at: at.toISOString(), status, action: 'STATUS_CHANGED', reason, by });
    this.emit(status, at, reason);
    return DomainResult.ok();
  }

  /** Back to PENDING, off its worker, to be placed once more elsewhere; the event names the worker it leaves. */
  private requeue(reason: string, at: Date): DomainResult {
    const workerId = this._state.workerId;
    const snapshot = { ...this.snapshot(reason), status: 'PENDING' as const };
    this._state.replacements = (this._state.replacements ?? 0) + 1;
    this._state.avoidedWorkerIds = [...this.avoidedWorkerIds, workerId as string];
    this._state.status = 'PENDING';
    this._state.workerId = null;
    this._state.labRecordId = null;
    this._state.allocatedPorts = null;
    this._state.instantiatingAt = null;
    this._state.requeuedAt = at.toISOString();
    this._state.awaitingCapacity = false;
    this.record({ at: at.toISOString(), status: 'PENDING', action: 'REQUEUED', reason, by: null, workerId });
    this.registerEvent(new SessionRequeued(snapshot, at));
    return DomainResult.ok();
  }

  private record(entry: SessionHistoryEntry): void {
    this._state.history = [...this.history, entry];
  }

  private emit(status: SessionStatus, at: Date, reason: string | null): void {
    const EventClass = EVENT_OF[status];
    if (EventClass) this.registerEvent(new EventClass(this.snapshot(reason), at));
  }
}

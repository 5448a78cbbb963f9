import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import { LabFailed } from '../events/lab-failed.event';
import { LabOrphanDetected } from '../events/lab-orphan-detected.event';
import { LabReady } from '../events/lab-ready.event';
import { LabReleased } from '../events/lab-released.event';
import { LabStateChanged } from '../events/lab-state-changed.event';
import type { CmlLabState, LabOperation, LabRecordStatus } from './lab-record-status';
import type { PortMap } from './port-placeholders';

/** How many runs a record remembers. */
const RUN_HISTORY_LIMIT = 50;

/** One session's use of the lab. */
export interface LabRun {
  runId: string;
  sessionId: string;
  startedAt: string;
  stoppedAt: string | null;
  stopReason: string | null;
  finalState: LabRecordStatus | null;
}

/** The per-session CML account; its password is stored sealed and only the credentials query opens it. */
export interface LabUser {
  cmlUserId: string;
  username: string;
  sealedPassword: string;
}

/** The stored state of a LabRecord. */
export interface LabRecordState {
  workerId: string;
  cmlLabId: string | null;
  /** Null for ORPHANED records: labs LCM did not create. */
  definitionId: string | null;
  definitionVersion: string | null;
  title: string;
  cmlState: CmlLabState | null;
  status: LabRecordStatus;
  allocatedPorts: PortMap;
  boundSessionId: string | null;
  cmlUserId: string | null;
  user: LabUser | null;
  /** The topology exactly as sent to CML (placeholders replaced). */
  importedTopologyYaml: string | null;
  /** The bound session asked for its lab to start while it was still importing. */
  startRequested: boolean;
  /**
   * The bound session's release began (STOPPING for it, not for an operator's stop), so its CML work is
   * due until it is released. Absent in records saved before it existed.
   */
  releaseRequested?: boolean;
  accessUrl: string | null;
  lastError: string | null;
  runHistory: LabRun[];
  createdAt: string;
  lastSyncedAt: string | null;
}

/** What a new LabRecord for a session is made of. */
export interface NewLabRecord {
  workerId: string;
  definitionId: string;
  definitionVersion: string;
  title: string;
  allocatedPorts: PortMap;
  sessionId: string;
}

/** Statuses from which a record's lab can be started for its session. */
const STARTABLE: readonly LabRecordStatus[] = ['IMPORTED', 'WIPED', 'STOPPED'];
/** Statuses whose CML lab no longer exists or never did. */
const WITHOUT_LAB: readonly LabRecordStatus[] = ['DELETED'];

/**
 * One CML lab on one worker, owned by LCM: its ports, the session it serves, the per-session CML user
 * and its run history. Every transition is checked here; refusals name the record and its status.
 */
export class LabRecord extends AggregateRoot<LabRecordState> {
  /** A record being imported for a session, holding the ports allocated for it. */
  static reserve(id: string, input: NewLabRecord, at: Date): LabRecord {
    return new LabRecord(id, {
      ...blankState(input.workerId, input.title, at),
      definitionId: input.definitionId,
      definitionVersion: input.definitionVersion,
      allocatedPorts: { ...input.allocatedPorts },
      boundSessionId: input.sessionId,
    });
  }

  /** A record for a lab found on a worker that no record knew; emits `lab.orphan-detected`. */
  static orphan(
    id: string,
    workerId: string,
    cmlLabId: string,
    title: string,
    cmlState: CmlLabState,
    at: Date,
  ): LabRecord {
    const record = new LabRecord(id, {
      ...blankState(workerId, title, at),
      cmlLabId,
      cmlState,
      status: 'ORPHANED',
      lastSyncedAt: at.toISOString(),
    });
    record.registerEvent(new LabOrphanDetected(at, id, workerId, cmlLabId, title));
    return record;
  }

  /** Builds a record back from storage. */
  static rehydrate(id: string, state: LabRecordState, stateVersion: number): LabRecord {
    return new LabRecord(id, state, stateVersion);
  }

  /** True when this wiped lab can serve another session of the same definition version. */
  get reusable(): boolean {
    return this._state.status === 'WIPED' && this._state.boundSessionId === null;
  }

  /** Binds a reusable (WIPED, unbound) lab to a session; it keeps its lab and its ports. */
  bind(sessionId: string): DomainResult {
    if (!this.reusable) return this.refuse(`binding session ${sessionId}`);
    this._state.boundSessionId = sessionId;
    this._state.startRequested = false;
    return DomainResult.ok();
  }

  /**
   * The import succeeded: the record now points at its CML lab. If its session ended meanwhile, the fresh
   * lab is as good as a wiped one, so it becomes WIPED and serves the next session.
   */
  imported(cmlLabId: string, topologyYaml: string): DomainResult {
    if (this._state.status !== 'IMPORTING') return this.refuse('completing an import');
    Object.assign(this._state, {
      cmlLabId,
      importedTopologyYaml: topologyYaml,
      cmlState: 'DEFINED_ON_CORE',
      status: this._state.boundSessionId ? 'IMPORTED' : 'WIPED',
      lastError: null,
    } satisfies Partial<LabRecordState>);
    return DomainResult.ok();
  }

  /**
   * The bound session wants its lab: the wish is kept, and `startDue` says whether the lab can start now
   * (while importing, the import starts it when done). False when it was asked already or the lab is
   * starting or started (a repeated request): nothing changed.
   */
  requestStart(sessionId: string): DomainResult<boolean> {
    const { boundSessionId, status, startRequested } = this._state;
    if (boundSessionId !== sessionId) {
      return DomainResult.fail(`lab record ${this.id} is not bound to session ${sessionId}`);
    }
    if (startRequested || status === 'STARTING' || status === 'STARTED') return DomainResult.ok(false);
    if (status !== 'IMPORTING' && !STARTABLE.includes(status)) return this.refuse('start');
    this._state.startRequested = true;
    return DomainResult.ok(true);
  }

  /** True when the bound session asked for its lab and the lab can start now. */
  get startDue(): boolean {
    return this._state.startRequested && STARTABLE.includes(this._state.status);
  }

  /** True while the bound session's release waits for its CML work (stop, wipe, user removal). */
  get releaseDue(): boolean {
    const { releaseRequested, status, boundSessionId } = this._state;
    return releaseRequested === true && status === 'STOPPING' && boundSessionId !== null;
  }

  /** Marks the start under way (STARTING), refused unless the start is due and the lab exists in CML. */
  beginStart(): DomainResult {
    if (!this.startDue || !this._state.cmlLabId) return this.refuse('start');
    this._state.status = 'STARTING';
    return DomainResult.ok();
  }

  /** Remembers the per-session CML user as soon as it exists, so a failure can remove it again. */
  userCreated(user: LabUser): void {
    this._state.user = { ...user };
    this._state.cmlUserId = user.cmlUserId;
  }

  /** The lab runs and converged for its session: emits `lab.ready` (without the password). */
  ready(runId: string, accessUrl: string, at: Date): DomainResult {
    const { status, boundSessionId, user, cmlLabId } = this._state;
    if (status !== 'STARTING' || !boundSessionId || !user || !cmlLabId) return this.refuse('becoming ready');
    Object.assign(this._state, {
      status: 'STARTED',
      cmlState: 'BOOTED',
      startRequested: false,
      accessUrl,
    } satisfies Partial<LabRecordState>);
    this._state.runHistory = [
      ...this._state.runHistory,
      {
        runId,
        sessionId: boundSessionId,
        startedAt: at.toISOString(),
        stoppedAt: null,
        stopReason: null,
        finalState: null,
      },
    ].slice(-RUN_HISTORY_LIMIT);
    this.registerEvent(
      new LabReady(at, this.id, boundSessionId, this._state.workerId, cmlLabId, accessUrl, user.username, {
        ...this._state.allocatedPorts,
      }),
    );
    return DomainResult.ok();
  }

  /**
   * Preparing the lab failed for good: FAILED, and `lab.failed` for the bound session. `labRemoved` says
   * the CML lab is gone (a failed import cleaned up), so the record has nothing left to manage.
   */
  fail(reason: string, labRemoved: boolean, at: Date): void {
    Object.assign(this._state, {
      status: 'FAILED',
      lastError: reason,
      startRequested: false,
      user: null,
      cmlUserId: null,
      ...(labRemoved ? { cmlLabId: null, cmlState: null } : {}),
    } satisfies Partial<LabRecordState>);
    const sessionId = this._state.boundSessionId;
    if (sessionId) this.registerEvent(new LabFailed(at, this.id, sessionId, this._state.workerId, reason));
  }

  /**
   * The bound session is ending: STOPPING while CML work (stop, wipe, user removal) is due, or released at
   * once when there is none (the record failed, never got a lab or its lab vanished). False when it was
   * STOPPING already (a repeated request): nothing changed.
   */
  beginRelease(sessionId: string, at: Date): DomainResult<boolean> {
    if (this._state.boundSessionId !== sessionId) {
      return DomainResult.fail(`lab record ${this.id} is not bound to session ${sessionId}`);
    }
    if (this._state.status === 'FAILED' || this._state.status === 'DELETED' || !this._state.cmlLabId) {
      this.releasedFor(sessionId, at);
      return DomainResult.ok(true);
    }
    if (this._state.status === 'STOPPING') return DomainResult.ok(false);
    this._state.status = 'STOPPING';
    this._state.releaseRequested = true;
    return DomainResult.ok(true);
  }

  /**
   * Stop, wipe and user removal are done: WIPED and free for the next session; emits `lab.released`. A
   * lab that vanished while it was being released stays DELETED: the session is released all the same.
   */
  released(at: Date): DomainResult {
    const sessionId = this._state.boundSessionId;
    if (!this.releasable || !sessionId) return this.refuse('completing a release');
    if (this._state.status === 'STOPPING') {
      Object.assign(this._state, {
        status: 'WIPED',
        cmlState: 'DEFINED_ON_CORE',
      } satisfies Partial<LabRecordState>);
    }
    this.releasedFor(sessionId, at);
    return DomainResult.ok();
  }

  /**
   * Stop, wipe or user removal failed for good: the session is still released (it must end), the record
   * shows FAILED with the reason for an operator (or stays DELETED when its lab vanished meanwhile).
   */
  releaseFailed(reason: string, at: Date): DomainResult {
    const sessionId = this._state.boundSessionId;
    if (!this.releasable || !sessionId) return this.refuse('completing a release');
    if (this._state.status === 'STOPPING') {
      Object.assign(this._state, { status: 'FAILED', lastError: reason } satisfies Partial<LabRecordState>);
    }
    this.releasedFor(sessionId, at);
    return DomainResult.ok();
  }

  /** A release may complete: STOPPING, or DELETED (its lab vanished) while a session is still bound. */
  private get releasable(): boolean {
    return this._state.status === 'STOPPING' || this._state.status === 'DELETED';
  }

  /** Records what CML reports; emits `lab.state-changed` when the state moved. */
  observe(cmlState: CmlLabState, at: Date): boolean {
    this._state.lastSyncedAt = at.toISOString();
    const old = this._state.cmlState;
    if (old === cmlState || !this._state.cmlLabId) return false;
    this._state.cmlState = cmlState;
    this.registerEvent(
      new LabStateChanged(at, this.id, this._state.workerId, this._state.cmlLabId, old, cmlState),
    );
    return true;
  }

  /**
   * Labs sync found the CML lab gone from its worker (someone deleted it behind LCM's back, or the worker
   * lost it): DELETED, and a session still bound to it is told with `lab.failed` (LAB_VANISHED), so it
   * does not stay READY on a lab that does not exist. The session stays bound until its release, which
   * then has nothing to clean. The caller removed the session's CML user first.
   */
  vanished(at: Date): void {
    const { boundSessionId, cmlLabId, workerId } = this._state;
    this.deleted(at);
    Object.assign(this._state, {
      user: null,
      cmlUserId: null,
      accessUrl: null,
      startRequested: false,
    } satisfies Partial<LabRecordState>);
    if (!boundSessionId) return;
    this.registerEvent(
      new LabFailed(
        at,
        this.id,
        boundSessionId,
        workerId,
        `LAB_VANISHED: lab ${cmlLabId} is gone from worker ${workerId}`,
      ),
    );
  }

  /** The CML lab is gone (deleted by LCM, or vanished on the worker): DELETED; its ports are free again. */
  deleted(at: Date): void {
    Object.assign(this._state, {
      status: 'DELETED',
      cmlState: null,
      lastSyncedAt: at.toISOString(),
    } satisfies Partial<LabRecordState>);
  }

  /** Starts an operator's manual action: the in-between status, refused when it makes no sense now. */
  beginOperation(operation: LabOperation): DomainResult {
    const { status, boundSessionId, cmlLabId } = this._state;
    if (!cmlLabId || WITHOUT_LAB.includes(status) || status.endsWith('ING')) return this.refuse(operation);
    if (boundSessionId && operation !== 'stop') {
      return DomainResult.fail(
        `lab record ${this.id} serves session ${boundSessionId}; ${operation} is not allowed`,
      );
    }
    if (operation === 'wipe' && status === 'STARTED') return this.refuse('wipe (stop it first)');
    const next = { start: 'STARTING', stop: 'STOPPING', wipe: 'WIPING', delete: 'DELETING' } as const;
    this._state.status = next[operation];
    return DomainResult.ok();
  }

  /** An operator's manual action finished in CML. */
  operationDone(operation: Exclude<LabOperation, 'delete'>): void {
    const done = {
      start: ['STARTED', 'BOOTED'],
      stop: ['STOPPED', 'STOPPED'],
      wipe: ['WIPED', 'DEFINED_ON_CORE'],
    } as const;
    const [status, cmlState] = done[operation];
    Object.assign(this._state, { status, cmlState } satisfies Partial<LabRecordState>);
  }

  /** An operator's manual action failed in CML: the record keeps the reason and shows FAILED. */
  operationFailed(reason: string): void {
    Object.assign(this._state, { status: 'FAILED', lastError: reason } satisfies Partial<LabRecordState>);
  }

  private releasedFor(sessionId: string, at: Date): void {
    const stoppedAt = at.toISOString();
    const finalState = this._state.status;
    this._state.runHistory = this._state.runHistory.map((run) =>
      run.sessionId === sessionId && run.stoppedAt === null
        ? { ...run, stoppedAt, stopReason: 'SESSION_STOPPING', finalState }
        : run,
    );
    Object.assign(this._state, {
      boundSessionId: null,
      user: null,
      cmlUserId: null,
      accessUrl: null,
      startRequested: false,
      releaseRequested: false,
    } satisfies Partial<LabRecordState>);
    this.registerEvent(new LabReleased(at, this.id, sessionId, this._state.workerId));
  }

  private refuse(action: string): DomainResult<never> {
    return DomainResult.fail(`lab record ${this.id} is ${this._state.status}; ${action} is not allowed`);
  }
}

/** The state every new record starts from: no lab, no session, nothing allocated. */
function blankState(workerId: string, title: string, at: Date): LabRecordState {
  return {
    workerId,
    cmlLabId: null,
    definitionId: null,
    definitionVersion: null,
    title,
    cmlState: null,
    status: 'IMPORTING',
    allocatedPorts: {},
    boundSessionId: null,
    cmlUserId: null,
    user: null,
    importedTopologyYaml: null,
    startRequested: false,
    accessUrl: null,
    lastError: null,
    runHistory: [],
    createdAt: at.toISOString(),
    lastSyncedAt: null,
  };
}

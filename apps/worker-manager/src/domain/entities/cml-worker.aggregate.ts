import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import { WorkerCreated } from '../events/worker-created.event';
import { WorkerDrainCancelled } from '../events/worker-drain-cancelled.event';
import { WorkerDraining } from '../events/worker-draining.event';
import { WorkerEndpointChanged } from '../events/worker-endpoint-changed.event';
import { WorkerHealthChanged } from '../events/worker-health-changed.event';
import { WorkerLicenseChanged } from '../events/worker-license-changed.event';
import { WorkerMetricsUpdated } from '../events/worker-metrics-updated.event';
import type { WorkerSnapshot } from '../events/worker-snapshot.event';
import { WorkerStatusChanged } from '../events/worker-status-changed.event';
import { WorkerTerminated } from '../events/worker-terminated.event';
import type { WorkerTemplateState } from './worker-template.aggregate';
import {
  type DesiredStatus,
  HEALTHY,
  type HealthCheckResult,
  type InstanceObservation,
  type LicenseOperation,
  type LicenseStatus,
  type LicenseType,
  SYSTEM_ACTORS,
  type ServiceStatus,
  WORKER_HISTORY_LIMIT,
  WORKER_STATUSES,
  type WorkerAction,
  type WorkerCapacity,
  type WorkerHealth,
  type WorkerHistoryEntry,
  type WorkerLicense,
  type WorkerMetrics,
  type WorkerStatus,
} from './worker-values';

/** The stored state of a CML worker (docs/domain.md#cml-worker field list, plus when and why its status last changed). */
export interface CmlWorkerState {
  name: string;
  templateName: string;
  region: string;
  instanceType: string;
  capacity: WorkerCapacity;
  licenseType: LicenseType;
  ec2InstanceId: string | null;
  amiId: string | null;
  privateIp: string | null;
  publicIp: string | null;
  httpsEndpoint: string | null;
  status: WorkerStatus;
  desiredStatus: DesiredStatus;
  /** Why the desired status was last set (e.g. IDLE_TIMEOUT); becomes the reason of the transition. */
  desiredStatusReason: string | null;
  serviceStatus: ServiceStatus;
  /** The health checks of the RUNNING worker (docs/operations.md#worker-health). */
  health: WorkerHealth;
  cmlVersion: string | null;
  metrics: WorkerMetrics | null;
  license: WorkerLicense;
  idleDetectionEnabled: boolean;
  lastActivityAt: string | null;
  lastResumedAt: string | null;
  autoStopCount: number;
  tags: Record<string, string>;
  drainStartedAt: string | null;
  createdAt: string;
  createdBy: string;
  terminatedAt: string | null;
  terminatedBy: string | null;
  statusChangedAt: string;
  /** When a reconcile was last asked for by `refresh` (refreshes are throttled per worker). */
  refreshRequestedAt: string | null;
  /** The latest operator and policy actions, oldest first (at most WORKER_HISTORY_LIMIT). */
  history: WorkerHistoryEntry[];
}

/** Statuses in which the worker (or its instance) still exists: all but TERMINATED. */
const LIVE: ReadonlySet<WorkerStatus> = new Set(WORKER_STATUSES.filter((status) => status !== 'TERMINATED'));

/** The desired-status reason of a retired worker started only to deregister its licence. */
const RETIRING = 'RETIRING';

/** A metric value "moved" when it changed by at least this share of its scale (docs/domain.md#worker-metrics: 5%). */
const METRICS_THRESHOLD = 0.05;

/**
 * A CML server on one EC2 instance. Commands only change `desiredStatus` (or drain); the reconciler
 * reports what EC2 and CML say through the `observe…`/`mark…` methods, which walk the status machine of
 * docs/domain.md#worker-statuses and record one status-changed event per move. Illegal requests return a DomainResult failure
 * naming the current status.
 */
export class CmlWorker extends AggregateRoot<CmlWorkerState> {
  /** A new worker from a template: PENDING, desired RUNNING, licence unregistered. */
  static create(
    id: string,
    input: { name?: string; template: WorkerTemplateState; region?: string; createdBy: string },
    at: Date,
  ): CmlWorker {
    const worker = CmlWorker.fromTemplate(id, input, at);
    worker.record('create', input.createdBy, at, { to: worker._state.desiredStatus });
    return worker;
  }

  /**
   * A worker for an instance that already exists (import or orphan adoption). Its status follows the
   * instance (a running one is STARTING until CML answers), and it wants to stay as it is found.
   */
  static adopt(
    id: string,
    input: { template: WorkerTemplateState; instance: InstanceObservation; createdBy: string; name?: string },
    at: Date,
  ): CmlWorker {
    const worker = CmlWorker.fromTemplate(
      id,
      {
        template: input.template,
        createdBy: input.createdBy,
        name: input.name ?? input.instance.tags['Name'],
      },
      at,
    );
    const s = worker._state;
    s.ec2InstanceId = input.instance.instanceId;
    s.amiId = input.instance.imageId;
    s.instanceType = input.instance.instanceType;
    s.desiredStatus =
      input.instance.state === 'stopped' || input.instance.state === 'stopping' ? 'STOPPED' : 'RUNNING';
    worker.record('import', input.createdBy, at, { to: s.desiredStatus });
    worker.observe(input.instance, at, 'adopted');
    return worker;
  }

  /** Builds a worker back from storage (a document saved before these fields existed gets their defaults). */
  static rehydrate(id: string, state: CmlWorkerState, stateVersion: number): CmlWorker {
    return new CmlWorker(
      id,
      {
        ...state,
        refreshRequestedAt: state.refreshRequestedAt ?? null,
        history: state.history ?? [],
        health: state.health ?? { ...HEALTHY },
      },
      stateVersion,
    );
  }

  /** A PENDING worker of the template, with its created event. */
  private static fromTemplate(
    id: string,
    input: { name?: string; template: WorkerTemplateState; region?: string; createdBy: string },
    at: Date,
  ): CmlWorker {
    const { template } = input;
    const worker = new CmlWorker(id, {
      name: input.name ?? `${template.name}-${id.slice(0, 8)}`,
      templateName: template.name,
      region: input.region ?? template.region,
      instanceType: template.instanceType,
      capacity: { ...template.capacity },
      licenseType: template.licenseType,
      ec2InstanceId: null,
      amiId: null,
      privateIp: null,
      publicIp: null,
      httpsEndpoint: null,
      status: 'PENDING',
      desiredStatus: 'RUNNING',
      desiredStatusReason: null,
      serviceStatus: 'UNAVAILABLE',
      health: { ...HEALTHY },
      cmlVersion: null,
      metrics: null,
      license: {
        status: 'UNREGISTERED',
        operationInProgress: false,
        pendingOperation: null,
        lastError: null,
      },
      idleDetectionEnabled: true,
      lastActivityAt: null,
      lastResumedAt: null,
      autoStopCount: 0,
      tags: {},
      drainStartedAt: null,
      createdAt: at.toISOString(),
      createdBy: input.createdBy,
      terminatedAt: null,
      terminatedBy: null,
      statusChangedAt: at.toISOString(),
      refreshRequestedAt: null,
      history: [],
    });
    worker.registerEvent(
      new WorkerCreated(worker.snapshot(), at, worker._state.name, worker._state.instanceType),
    );
    return worker;
  }

  /** What every worker event carries. */
  snapshot(): WorkerSnapshot {
    const s = this._state;
    return {
      workerId: this.id,
      status: s.status,
      templateName: s.templateName,
      region: s.region,
      licenseType: s.licenseType,
      capacity: { ...s.capacity },
      httpsEndpoint: s.httpsEndpoint,
      serviceStatus: s.serviceStatus,
    };
  }

  /** True while the worker is not TERMINATED. */
  get isLive(): boolean {
    return LIVE.has(this._state.status);
  }

  // ---- commands (what an operator or an automatic policy asks for; each one that changes something is
  // recorded in the history with who asked and when) ----

  /** Asks for the worker to run. Returns whether anything changed (false: it already runs or is on its way). */
  requestStart(by: string, at: Date): DomainResult<boolean> {
    const refused = this.refuse('start', ['PENDING', 'TERMINATING', 'FAILED']);
    if (refused) return DomainResult.fail(refused);
    if (this._state.desiredStatus === 'RUNNING') return DomainResult.ok(false);
    this.record('start', by, at, { from: this._state.status, to: 'RUNNING' });
    this.desire('RUNNING', 'START_REQUESTED');
    return DomainResult.ok(true);
  }

  /** Asks for the worker to stop (manual stop); no change when it is stopped or stopping already. */
  requestStop(by: string, at: Date): DomainResult<boolean> {
    const refused = this.refuse('stop', ['PENDING', 'PROVISIONING', 'TERMINATING', 'FAILED']);
    if (refused) return DomainResult.fail(refused);
    if (this._state.desiredStatus === 'STOPPED') return DomainResult.ok(false);
    this.record('stop', by, at, { from: this._state.status, to: 'STOPPED' });
    if (this._state.status === 'DRAINING') this._state.drainStartedAt = null;
    this.desire('STOPPED', 'STOP_REQUESTED');
    return DomainResult.ok(true);
  }

  /** RUNNING -> DRAINING: no new sessions; the reconciler stops it once the last session ended. */
  requestDrain(by: string, at: Date): DomainResult<boolean> {
    if (this._state.status === 'DRAINING') return DomainResult.ok(false);
    const refused = this.refuseUnless('drain', ['RUNNING']);
    if (refused) return DomainResult.fail(refused);
    this.record('drain', by, at, { from: 'RUNNING', to: 'DRAINING' });
    this._state.drainStartedAt = at.toISOString();
    this.moveTo('DRAINING', 'DRAIN_REQUESTED', at);
    this.registerEvent(new WorkerDraining(this.snapshot(), at, this._state.drainStartedAt));
    return DomainResult.ok(true);
  }

  /** DRAINING -> RUNNING; from any other status a conflict. */
  cancelDrain(by: string, at: Date): DomainResult<boolean> {
    const refused = this.refuseUnless('cancel-drain', ['DRAINING']);
    if (refused) return DomainResult.fail(refused);
    this.record('cancel-drain', by, at, { from: 'DRAINING', to: 'RUNNING' });
    this._state.drainStartedAt = null;
    this.moveTo('RUNNING', 'DRAIN_CANCELLED', at);
    this.registerEvent(new WorkerDrainCancelled(this.snapshot(), at));
    return DomainResult.ok(true);
  }

  /** Asks for the worker to be terminated (soft delete: the record stays). */
  requestTerminate(by: string, at: Date): DomainResult<boolean> {
    const refused = this.refuse('terminate', []);
    if (refused) return DomainResult.fail(refused);
    if (this._state.desiredStatus === 'TERMINATED') return DomainResult.ok(false);
    this.record('terminate', by, at, { from: this._state.status, to: 'TERMINATED' });
    this.desire('TERMINATED', 'TERMINATE_REQUESTED');
    this._state.terminatedBy = by;
    return DomainResult.ok(true);
  }

  /** Changes the operator-owned settings; returns whether anything changed. */
  changeSettings(
    changes: { tags?: Record<string, string>; idleDetectionEnabled?: boolean },
    by: string,
    at: Date,
  ): DomainResult<boolean> {
    const refused = this.refuse('update', []);
    if (refused) return DomainResult.fail(refused);
    let changed = false;
    if (changes.tags && JSON.stringify(changes.tags) !== JSON.stringify(this._state.tags)) {
      this._state.tags = { ...changes.tags };
      changed = true;
    }
    if (
      changes.idleDetectionEnabled !== undefined &&
      changes.idleDetectionEnabled !== this._state.idleDetectionEnabled
    ) {
      this._state.idleDetectionEnabled = changes.idleDetectionEnabled;
      changed = true;
    }
    if (changed) this.record('update', by, at);
    return DomainResult.ok(changed);
  }

  /** Stops an idle worker: desired STOPPED with reason IDLE_TIMEOUT, counted in `autoStopCount`. */
  autoStop(at: Date): DomainResult<boolean> {
    const refused = this.refuseUnless('auto-stop', ['RUNNING']);
    if (refused) return DomainResult.fail(refused);
    this.record('stop', SYSTEM_ACTORS.idleTimeout, at, { from: 'RUNNING', to: 'STOPPED' });
    this._state.autoStopCount += 1;
    this.desire('STOPPED', 'IDLE_TIMEOUT');
    return DomainResult.ok(true);
  }

  /** Ends a drain: the worker is to stop, because its last session ended or the drain timeout passed. */
  finishDrain(reason: 'DRAIN_COMPLETE' | 'DRAIN_TIMEOUT', at: Date): DomainResult<boolean> {
    const refused = this.refuseUnless('finish-drain', ['DRAINING']);
    if (refused) return DomainResult.fail(refused);
    const by = reason === 'DRAIN_COMPLETE' ? SYSTEM_ACTORS.drainComplete : SYSTEM_ACTORS.drainTimeout;
    this.record('stop', by, at, { from: 'DRAINING', to: 'STOPPED' });
    this.desire('STOPPED', reason);
    return DomainResult.ok(true);
  }

  /**
   * RETIRE_STOPPED_AFTER_DAYS: a worker left STOPPED that long is terminated. One whose licence is
   * REGISTERED is started first (reason RETIRING), so CML can deregister the licence before the instance
   * goes; `completeRetirement` then asks for the terminate.
   */
  retire(at: Date): DomainResult<boolean> {
    const refused = this.refuseUnless('retire', ['STOPPED']);
    if (refused) return DomainResult.fail(refused);
    if (this._state.desiredStatus !== 'STOPPED') return DomainResult.ok(false);
    this.record('terminate', SYSTEM_ACTORS.retireStopped, at, { from: 'STOPPED', to: 'TERMINATED' });
    this._state.terminatedBy = SYSTEM_ACTORS.retireStopped;
    if (this._state.license.status === 'REGISTERED') this.desire('RUNNING', RETIRING);
    else this.desire('TERMINATED', 'RETIRED');
    return DomainResult.ok(true);
  }

  /** True while a retired worker runs only so that its licence can be deregistered. */
  get isRetiring(): boolean {
    return this._state.desiredStatus === 'RUNNING' && this._state.desiredStatusReason === RETIRING;
  }

  /** A retiring worker is back up: now it is to be terminated (the reconciler deregisters the licence first). */
  completeRetirement(): void {
    if (this.isRetiring) this.desire('TERMINATED', 'RETIRED');
  }

  /**
   * Notes that a reconcile of the worker was asked for now (saving it is what queues the reconcile, so
   * every refresh runs one). Not an entry of the history: anyone may refresh, and it changes no intent.
   */
  requestRefresh(at: Date): DomainResult<boolean> {
    const refused = this.refuse('refresh', []);
    if (refused) return DomainResult.fail(refused);
    this._state.refreshRequestedAt = at.toISOString();
    return DomainResult.ok(true);
  }

  /** How long until the worker may be refreshed again (0: now), when refreshes are `intervalMs` apart. */
  refreshWaitMs(at: Date, intervalMs: number): number {
    const last = this._state.refreshRequestedAt;
    if (!last) return 0;
    return Math.max(0, new Date(last).getTime() + intervalMs - at.getTime());
  }

  /** Records activity (running nodes or sessions) seen now; idle time counts from the latest one. */
  recordActivity(at: Date): void {
    this._state.lastActivityAt = at.toISOString();
  }

  // ---- licence ----

  /** Starts a background licence operation; only on a RUNNING (or DRAINING) worker, one at a time. */
  beginLicenseOperation(operation: LicenseOperation, by: string, at: Date): DomainResult<void> {
    const verb = operation === 'REGISTER' ? 'licence registration' : 'licence deregistration';
    const refused = this.refuseUnless(verb, operation === 'REGISTER' ? ['RUNNING'] : ['RUNNING', 'DRAINING']);
    if (refused) return DomainResult.fail(refused);
    if (this._state.license.operationInProgress) {
      return DomainResult.fail(
        `worker ${this.id} has a licence ${this._state.license.pendingOperation} in progress; ${verb} is not allowed`,
      );
    }
    this.record(operation === 'REGISTER' ? 'register-license' : 'deregister-license', by, at, {
      from: this._state.license.status,
      to: operation === 'REGISTER' ? 'REGISTERED' : 'UNREGISTERED',
    });
    this.setLicense(
      { ...this._state.license, operationInProgress: true, pendingOperation: operation, lastError: null },
      at,
    );
    return DomainResult.ok();
  }

  /** Ends the licence operation with the status CML reports (or an error). */
  completeLicenseOperation(status: LicenseStatus, error: string | null, at: Date): void {
    this.setLicense({ status, operationInProgress: false, pendingOperation: null, lastError: error }, at);
  }

  // ---- what the reconciler observed ----

  /** PENDING -> PROVISIONING: RunInstances accepted the launch. */
  markProvisioning(instanceId: string, amiId: string, at: Date): void {
    this._state.ec2InstanceId = instanceId;
    this._state.amiId = amiId;
    if (this._state.status === 'PENDING') this.moveTo('PROVISIONING', 'LAUNCHED', at);
  }

  /** -> FAILED (template missing, no AMI, launch refused, boot timeout). */
  markFailed(reason: string, at: Date): void {
    if (this._state.status === 'FAILED' || !this.isLive) return;
    this._state.serviceStatus = 'ERROR';
    this._state.health = { ...HEALTHY };
    this.moveTo('FAILED', reason, at);
  }

  /** STOPPED -> STARTING: StartInstances accepted. */
  markStarting(at: Date): void {
    this.moveTo('STARTING', this._state.desiredStatusReason ?? 'START_REQUESTED', at);
    this._state.serviceStatus = 'STARTING';
    this._state.health = { ...HEALTHY };
  }

  /** RUNNING/DRAINING/STARTING -> STOPPING: StopInstances accepted. */
  markStopping(at: Date): void {
    this._state.drainStartedAt = null;
    this.moveTo('STOPPING', this._state.desiredStatusReason ?? 'STOP_REQUESTED', at);
  }

  /** -> TERMINATING: TerminateInstances accepted. */
  markTerminating(at: Date): void {
    this.moveTo('TERMINATING', this._state.desiredStatusReason ?? 'TERMINATE_REQUESTED', at);
  }

  /** -> TERMINATED, by the operator who asked (`terminatedBy` of the request) or discovery-gc when the instance vanished. */
  markTerminated(by: string, reason: string, at: Date): void {
    if (!this.isLive) return;
    this._state.terminatedBy = by;
    this._state.terminatedAt = at.toISOString();
    this._state.desiredStatus = 'TERMINATED';
    this.clearAddresses(at);
    this._state.serviceStatus = 'UNAVAILABLE';
    this.moveTo('TERMINATED', reason, at);
    this.registerEvent(new WorkerTerminated(this.snapshot(), at, by));
  }

  /** STARTING -> RUNNING: CML says ready and login works. Starts a fresh idle period. */
  markCmlReady(version: string | null, at: Date): void {
    if (this._state.status !== 'STARTING') return;
    this._state.cmlVersion = version;
    this._state.serviceStatus = 'AVAILABLE';
    this._state.health = { ...HEALTHY };
    this._state.lastResumedAt = at.toISOString();
    this.moveTo('RUNNING', 'CML_READY', at);
  }

  /**
   * Applies what EC2 reports about the instance (docs/domain.md#ec2-drift drift mapping). `instance` undefined means it
   * is gone from EC2: the worker becomes TERMINATED by the operator who asked, or else by discovery-gc
   * (recorded in the history, as nobody asked).
   */
  observe(instance: InstanceObservation | undefined, at: Date, reason = 'EC2_STATE'): void {
    const s = this._state;
    if (!this.isLive) return;
    if (!instance || instance.state === 'terminated') {
      if (s.desiredStatus === 'TERMINATED' || s.status === 'TERMINATING') {
        this.markTerminated(s.terminatedBy ?? 'worker-manager', 'EC2_TERMINATED', at);
      } else {
        this.record('terminate', SYSTEM_ACTORS.discoveryGc, at, { from: s.status, to: 'TERMINATED' });
        this.markTerminated(SYSTEM_ACTORS.discoveryGc, 'INSTANCE_GONE', at);
      }
      return;
    }
    s.ec2InstanceId = instance.instanceId;
    switch (instance.state) {
      case 'pending':
        if (s.status === 'PENDING') this.moveTo('PROVISIONING', reason, at);
        else if (s.status === 'STOPPED' || s.status === 'STOPPING') this.moveTo('STARTING', reason, at);
        break;
      case 'running':
        this.setAddresses(instance, at);
        if (
          s.status === 'PENDING' ||
          s.status === 'PROVISIONING' ||
          s.status === 'STOPPED' ||
          s.status === 'STOPPING'
        ) {
          s.serviceStatus = 'STARTING';
          this.moveTo('STARTING', reason, at);
        }
        break;
      case 'stopping':
        if (s.status !== 'STOPPING') this.moveTo('STOPPING', reason, at);
        break;
      case 'stopped':
        if (s.status !== 'STOPPED' && s.status !== 'FAILED') {
          this.clearAddresses(at);
          s.serviceStatus = 'UNAVAILABLE';
          s.health = { ...HEALTHY };
          s.metrics = null;
          this.moveTo('STOPPED', s.status === 'STOPPING' ? (s.desiredStatusReason ?? reason) : reason, at);
        }
        break;
      case 'shutting-down':
        if (s.status !== 'TERMINATING') this.moveTo('TERMINATING', reason, at);
        break;
    }
  }

  /**
   * Applies one health check of a RUNNING or DRAINING worker (docs/operations.md#worker-health). Failed
   * checks are counted; at `threshold` in a row the service status becomes the check's DEGRADED or
   * UNAVAILABLE, and the first passing check makes it AVAILABLE again. Each move records the health-changed
   * event; returns whether the service status moved.
   */
  recordHealthCheck(result: HealthCheckResult, threshold: number, at: Date): boolean {
    const s = this._state;
    if (s.status !== 'RUNNING' && s.status !== 'DRAINING') return false;
    const old = s.serviceStatus;
    if (result.healthy) {
      if (s.health.consecutiveFailures > 0 || s.health.failingSince) s.health = { ...HEALTHY };
      if (old !== 'DEGRADED' && old !== 'UNAVAILABLE') return false;
      s.serviceStatus = 'AVAILABLE';
      this.registerEvent(new WorkerHealthChanged(this.snapshot(), at, old, null));
      return true;
    }
    // A worker that stays broken the same way keeps the failure it was marked with: no write every pass.
    if (s.health.consecutiveFailures >= threshold && old === result.serviceStatus) return false;
    const consecutiveFailures = Math.min(threshold, s.health.consecutiveFailures + 1);
    s.health = {
      consecutiveFailures,
      lastFailure: result.reason,
      failingSince: s.health.failingSince ?? at.toISOString(),
    };
    if (consecutiveFailures < threshold || old === result.serviceStatus) return false;
    s.serviceStatus = result.serviceStatus;
    this.registerEvent(new WorkerHealthChanged(this.snapshot(), at, old, result.reason));
    return true;
  }

  /** How long the worker has been unhealthy (DEGRADED or UNAVAILABLE), in ms at `at`; 0 while AVAILABLE. */
  unhealthyForMs(at: Date): number {
    const s = this._state;
    if ((s.serviceStatus !== 'DEGRADED' && s.serviceStatus !== 'UNAVAILABLE') || !s.health.failingSince)
      return 0;
    return Math.max(0, at.getTime() - new Date(s.health.failingSince).getTime());
  }

  /**
   * Keeps a CML metrics sample when a value moved by 5% or more of its scale (percent values: 5 points;
   * counts: 5% of the old count, at least 1) and records the metrics-updated event; returns whether it did.
   */
  recordMetrics(metrics: WorkerMetrics, at: Date): boolean {
    if (!metricsMoved(this._state.metrics, metrics)) return false;
    this._state.metrics = { ...metrics };
    this.registerEvent(new WorkerMetricsUpdated(this.snapshot(), at, { ...metrics }));
    return true;
  }

  // ---- internals ----

  /** Adds an entry to the history, dropping the oldest beyond WORKER_HISTORY_LIMIT. */
  private record(
    action: WorkerAction,
    by: string,
    at: Date,
    moved: { from?: string; to?: string } = {},
  ): void {
    const entry: WorkerHistoryEntry = { at: at.toISOString(), action, by, ...moved };
    this._state.history = [...this._state.history, entry].slice(-WORKER_HISTORY_LIMIT);
  }

  private desire(status: DesiredStatus, reason: string): void {
    this._state.desiredStatus = status;
    this._state.desiredStatusReason = reason;
  }

  private moveTo(status: WorkerStatus, reason: string, at: Date): void {
    const old = this._state.status;
    if (old === status) return;
    this._state.status = status;
    this._state.statusChangedAt = at.toISOString();
    this.registerEvent(new WorkerStatusChanged(this.snapshot(), at, old, status, reason));
  }

  private setAddresses(instance: InstanceObservation, at: Date): void {
    const s = this._state;
    if (
      s.privateIp === instance.privateIp &&
      s.publicIp === instance.publicIp &&
      s.httpsEndpoint === instance.httpsEndpoint
    ) {
      return;
    }
    s.privateIp = instance.privateIp;
    s.publicIp = instance.publicIp;
    s.httpsEndpoint = instance.httpsEndpoint;
    this.registerEvent(new WorkerEndpointChanged(this.snapshot(), at, s.publicIp, s.privateIp));
  }

  private clearAddresses(at: Date): void {
    const s = this._state;
    if (s.privateIp === null && s.publicIp === null && s.httpsEndpoint === null) return;
    s.privateIp = null;
    s.publicIp = null;
    s.httpsEndpoint = null;
    this.registerEvent(new WorkerEndpointChanged(this.snapshot(), at, null, null));
  }

  private setLicense(license: WorkerLicense, at: Date): void {
    if (JSON.stringify(license) === JSON.stringify(this._state.license)) return;
    this._state.license = license;
    this.registerEvent(new WorkerLicenseChanged(this.snapshot(), at, { ...license }));
  }

  /** The refusal message when the worker is TERMINATED or in one of `statuses`; `action` names what was refused. */
  private refuse(action: string, statuses: readonly WorkerStatus[]): string | undefined {
    const status = this._state.status;
    if (status === 'TERMINATED' || statuses.includes(status))
      return `worker ${this.id} is ${status}; ${action} is not allowed`;
    return undefined;
  }

  /** The refusal message unless the worker is in one of `statuses`. */
  private refuseUnless(action: string, statuses: readonly WorkerStatus[]): string | undefined {
    const status = this._state.status;
    if (!statuses.includes(status)) return `worker ${this.id} is ${status}; ${action} is not allowed`;
    return undefined;
  }
}

function metricsMoved(old: WorkerMetrics | null, next: WorkerMetrics): boolean {
  if (!old) return true;
  const percent = (a: number, b: number) => Math.abs(a - b) >= 100 * METRICS_THRESHOLD;
  const count = (a: number, b: number) => a !== b && Math.abs(a - b) >= Math.max(1, a * METRICS_THRESHOLD);
  return (
    percent(old.cpuPercent, next.cpuPercent) ||
    percent(old.memoryUsedPercent, next.memoryUsedPercent) ||
    percent(old.diskUsedPercent, next.diskUsedPercent) ||
    count(old.runningNodes, next.runningNodes) ||
    count(old.labsCount, next.labsCount)
  );
}

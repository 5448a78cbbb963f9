import { CLOCK, type Clock, LOGGER, type Logger, SETTINGS, isLostRace } from '@lcm/neuro-core';
import { randomUUID } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { OrphanInstance } from '../../domain/entities/orphan-instance.aggregate';
import { ACTIVE_SESSION_STATUSES } from '../../domain/entities/session-activity.aggregate';
import type { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  type HealthCheckResult,
  type InstanceObservation,
  SYSTEM_ACTORS,
} from '../../domain/entities/worker-values';
import { workerIdFor } from '../../domain/services/derived-worker-id';
import {
  ORPHAN_INSTANCE_REPOSITORY,
  type OrphanInstanceRepository,
} from '../../domain/repositories/orphan-instance.repository';
import {
  SESSION_ACTIVITY_REPOSITORY,
  type SessionActivityRepository,
} from '../../domain/repositories/session-activity.repository';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import {
  CML_GATEWAY,
  type CmlGateway,
  type CmlHealth,
  type CmlMetricsSample,
} from '../../domain/services/cml-gateway';
import {
  EC2_GATEWAY,
  type Ec2Gateway,
  Ec2RequestRefused,
  type InstanceStatusChecks,
} from '../../domain/services/ec2-gateway';
import { assessHealth } from '../../domain/services/health-assessment';
import type { WorkerManagerSettings } from '../settings';
import { idleStatusOf } from './idle-policy';
import { mapBounded } from './map-bounded';

/** What one reconcile pass did, for logs, job results and tests. */
export interface ReconcileReport {
  readonly workers: number;
  /** Workers saved because something changed. */
  readonly changed: number;
  /** Workers whose step failed (logged; the next pass tries again). */
  readonly failed: number;
  readonly orphans: number;
}

/** Tag keys LCM puts on its instances. */
export const WORKER_ID_TAG = 'lcm:worker-id';
/** The template tag. */
export const TEMPLATE_TAG = 'lcm:template';

const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

/**
 * Per-pass context: the running-worker count, kept current as this pass stops and adds workers
 * (MIN_WORKERS, MAX_WORKERS), and, in a fleet pass, EC2's status checks by instance id: health is checked
 * by fleet passes only, one per reconcile interval, so HEALTH_FAILURE_THRESHOLD counts intervals.
 */
interface PassContext {
  running: number;
  live: number;
  /** RUNNING workers per template (MIN_RUNNING_WORKERS keeps idle ones of a warm template running). */
  runningByTemplate: Map<string, number>;
  statusChecks?: ReadonlyMap<string, InstanceStatusChecks>;
  /** In a fleet pass, what CML answered each RUNNING or DRAINING worker's health check and metrics request. */
  probes?: ReadonlyMap<string, CmlProbe>;
}

/** What a worker's CML answered in a fleet pass: its health, and its metrics when it answered the first. */
interface CmlProbe {
  readonly health: { readonly health: CmlHealth } | { readonly error: string };
  readonly metrics?: CmlMetricsSample;
}

/**
 * Moves each worker's `status` toward its `desiredStatus` from what EC2 and CML report (docs/domain.md#worker-statuses), and
 * runs the fleet policies on RUNNING workers: metrics, idle auto-stop, drain completion, boot timeout.
 * A fleet pass lists the managed instances once (paginated) instead of asking per worker, and saves a
 * worker only when its state changed, so a quiet fleet costs one DescribeInstances call and no writes. A
 * worker whose instance is missing from that listing is marked TERMINATED only once EC2, asked for the
 * instance id, says it is gone or terminated.
 */
@injectable()
export class WorkerReconciler {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates: WorkerTemplateRepository,
    @inject(SESSION_ACTIVITY_REPOSITORY) private readonly sessions: SessionActivityRepository,
    @inject(ORPHAN_INSTANCE_REPOSITORY) private readonly orphans: OrphanInstanceRepository,
    @inject(EC2_GATEWAY) private readonly ec2: Ec2Gateway,
    @inject(CML_GATEWAY) private readonly cml: CmlGateway,
    @inject(SETTINGS) private readonly settings: WorkerManagerSettings,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One pass over every live worker and every managed instance (orphans included). */
  async reconcileFleet(): Promise<ReconcileReport> {
    const instances = await this.ec2.describeManagedInstances();
    const byId = new Map(instances.map((i) => [i.instanceId, i]));
    const byWorkerTag = new Map<string, InstanceObservation>();
    for (const instance of instances) {
      const workerId = instance.tags[WORKER_ID_TAG];
      if (workerId && (instance.state !== 'terminated' || !byWorkerTag.has(workerId)))
        byWorkerTag.set(workerId, instance);
    }
    const live = await this.workers.find({ status: { $ne: 'TERMINATED' } });
    await this.findUnlisted(live, byId);
    const instanceOf = (worker: CmlWorker) =>
      worker.state.ec2InstanceId ? byId.get(worker.state.ec2InstanceId) : byWorkerTag.get(worker.id);
    const context: PassContext = {
      running: live.filter((w) => w.state.status === 'RUNNING').length,
      live: live.length,
      runningByTemplate: runningByTemplate(live),
      statusChecks: await this.statusChecks(live),
      probes: await this.probeCml(live.filter((worker) => instanceOf(worker)?.state === 'running')),
    };
    let changed = 0;
    let failed = 0;
    for (const worker of live) {
      const outcome = await this.safely(worker, instanceOf(worker), context);
      if (outcome === 'changed') changed++;
      if (outcome === 'failed') failed++;
    }
    try {
      await this.keepWarmPool(context);
    } catch (error) {
      const level = isLostRace(error) ? 'debug' : 'warn';
      this.logger[level]({ err: error }, 'warm pool step failed; the next pass retries');
    }
    const orphans = await this.handleOrphans(instances);
    return { workers: live.length, changed, failed, orphans };
  }

  /** EC2's status checks of the running instances, when any worker is RUNNING or DRAINING (one listing). */
  private async statusChecks(live: readonly CmlWorker[]): Promise<Map<string, InstanceStatusChecks>> {
    const checked = live.some((w) => w.state.status === 'RUNNING' || w.state.status === 'DRAINING');
    if (!checked) return new Map();
    try {
      return new Map((await this.ec2.describeStatusChecks()).map((c) => [c.instanceId, c]));
    } catch (error) {
      // Without EC2's view the pass still checks CML; a broken status listing must not fail the fleet pass.
      this.logger.warn({ err: error }, 'EC2 status checks not available; health checked with CML only');
      return new Map();
    }
  }

  /**
   * Asks the CML of every RUNNING or DRAINING worker (whose instance runs) for its health and metrics up
   * front, RECONCILE_CML_CONCURRENCY workers at a time: one after another, 1,000 workers whose CML answers
   * in 50 ms would take 100 s a pass. What to do with the answers is still decided one worker at a time.
   * A CML that does not answer the health check is not asked for metrics: it would only time out again.
   */
  private async probeCml(workers: readonly CmlWorker[]): Promise<Map<string, CmlProbe>> {
    const probed = workers.filter(
      (w) => (w.state.status === 'RUNNING' || w.state.status === 'DRAINING') && w.state.httpsEndpoint,
    );
    const probes = await mapBounded(probed, this.settings.RECONCILE_CML_CONCURRENCY, async (worker) => {
      const endpoint = worker.state.httpsEndpoint as string;
      const health = await this.healthOf(endpoint);
      const metrics = 'error' in health ? undefined : await this.metricsOf(worker.id, endpoint);
      const probe: CmlProbe = { health, ...(metrics ? { metrics } : {}) };
      return [worker.id, probe] as const;
    });
    return new Map(probes);
  }

  /**
   * Adds to `byId` the instances of live workers that the tag-filtered listing left out, asked for by id:
   * an instance whose `lcm:managed-by` tag was removed still runs (and bills), so only EC2's answer for
   * its id may say it is gone.
   */
  private async findUnlisted(
    live: readonly CmlWorker[],
    byId: Map<string, InstanceObservation>,
  ): Promise<void> {
    const unlisted = new Map<string, string>();
    for (const worker of live) {
      const instanceId = worker.state.ec2InstanceId;
      if (instanceId && !byId.has(instanceId)) unlisted.set(instanceId, worker.id);
    }
    if (unlisted.size === 0) return;
    for (const instance of await this.ec2.describeInstances([...unlisted.keys()])) {
      byId.set(instance.instanceId, instance);
      if (instance.state !== 'terminated') {
        this.logger.warn(
          { workerId: unlisted.get(instance.instanceId), ec2InstanceId: instance.instanceId },
          "a worker's instance is missing its lcm:managed-by tag; it is still reconciled, restore the tag",
        );
      }
    }
  }

  /** Reconciles one worker now (after a command), asking EC2 about its instance only. */
  async reconcileWorker(workerId: string): Promise<'changed' | 'unchanged' | 'failed' | 'missing'> {
    const worker = await this.workers.get(workerId);
    if (!worker) return 'missing';
    if (!worker.isLive) return 'unchanged';
    const instanceId = worker.state.ec2InstanceId;
    const found = instanceId
      ? await this.ec2.describeInstances([instanceId])
      : await this.ec2.describeWorkerInstances(worker.id);
    const instance = found.find((i) => i.state !== 'terminated') ?? found[0];
    const running = await this.workers.count({ status: 'RUNNING' });
    const live = await this.workers.count({ status: { $ne: 'TERMINATED' } });
    const sameTemplate = await this.workers.count({
      status: 'RUNNING',
      templateName: worker.state.templateName,
    });
    return this.safely(worker, instance, {
      running,
      live,
      runningByTemplate: new Map([[worker.state.templateName, sameTemplate]]),
    });
  }

  private async safely(
    worker: CmlWorker,
    instance: InstanceObservation | undefined,
    context: PassContext,
  ): Promise<'changed' | 'unchanged' | 'failed'> {
    const before = JSON.stringify(worker.state);
    const oldStatus = worker.state.status;
    try {
      await this.step(worker, instance, context);
      if (before === JSON.stringify(worker.state) && worker.pendingEvents.length === 0) return 'unchanged';
      await this.workers.update(worker);
      if (oldStatus !== worker.state.status) {
        this.logger.info(
          { workerId: worker.id, oldStatus, newStatus: worker.state.status },
          'worker status changed',
        );
      }
      return 'changed';
    } catch (error) {
      const level = isLostRace(error) ? 'debug' : 'warn';
      this.logger[level](
        { workerId: worker.id, status: oldStatus, err: error },
        'worker reconcile step failed; the next pass retries',
      );
      return 'failed';
    }
  }

  private async step(
    worker: CmlWorker,
    instance: InstanceObservation | undefined,
    context: PassContext,
  ): Promise<void> {
    const now = this.clock.now();
    const s = worker.state;
    if (s.status === 'PENDING') {
      if (instance) {
        worker.markProvisioning(instance.instanceId, instance.imageId, now);
        worker.observe(instance, now);
      } else if (s.desiredStatus === 'TERMINATED') {
        worker.markTerminated(s.terminatedBy ?? 'worker-manager', 'TERMINATE_REQUESTED', now);
      } else {
        await this.launch(worker);
      }
      return;
    }
    if (!s.ec2InstanceId) {
      if (s.desiredStatus === 'TERMINATED')
        worker.markTerminated(s.terminatedBy ?? 'worker-manager', 'TERMINATE_REQUESTED', now);
      return;
    }
    worker.observe(instance, now);
    if (!worker.isLive || !instance) return;
    await this.act(worker, instance, context);
  }

  /** What to do once the worker's status agrees with EC2: move toward the desired status, or run the policies. */
  private async act(worker: CmlWorker, instance: InstanceObservation, context: PassContext): Promise<void> {
    const now = this.clock.now();
    const s = worker.state;
    const desired = s.desiredStatus;
    switch (s.status) {
      case 'PROVISIONING':
        if (desired === 'TERMINATED') return this.terminate(worker);
        return this.checkBootTimeout(worker);
      case 'STARTING':
        if (desired === 'TERMINATED') return this.terminate(worker);
        if (desired === 'STOPPED' && instance.state === 'running') return this.stop(worker, context);
        if (instance.state === 'running' && s.httpsEndpoint) await this.checkReadiness(worker);
        if (worker.state.status === 'STARTING') this.checkBootTimeout(worker);
        else if (worker.isRetiring) return this.retireNow(worker);
        return;
      case 'RUNNING':
      case 'DRAINING':
        if (desired === 'TERMINATED') return this.terminate(worker);
        if (worker.isRetiring) return this.retireNow(worker);
        if (desired === 'STOPPED') return this.stop(worker, context);
        return this.runPolicies(worker, context);
      case 'STOPPED':
        if (desired === 'STOPPED') this.retireIfLongStopped(worker);
        if (worker.state.desiredStatus === 'TERMINATED') return this.terminate(worker);
        if (worker.state.desiredStatus === 'RUNNING') {
          await this.ec2.start(instance.instanceId);
          worker.markStarting(now);
        }
        return;
      case 'FAILED':
        if (desired === 'TERMINATED') return this.terminate(worker);
        return;
      default:
        return;
    }
  }

  /** RETIRE_STOPPED_AFTER_DAYS: a worker STOPPED that long is retired (see CmlWorker.retire). */
  private retireIfLongStopped(worker: CmlWorker): void {
    const days = this.settings.RETIRE_STOPPED_AFTER_DAYS;
    if (days === undefined) return;
    const now = this.clock.now();
    const stoppedFor = now.getTime() - new Date(worker.state.statusChangedAt).getTime();
    if (stoppedFor < days * 86_400_000) return;
    const retired = worker.retire(now);
    if (retired.ok && retired.value) {
      this.logger.info(
        {
          workerId: worker.id,
          stoppedSince: worker.state.statusChangedAt,
          license: worker.state.license.status,
        },
        'long-stopped worker retired',
      );
    }
  }

  /** A retiring worker is up again: terminate it, its licence deregistered first. */
  private async retireNow(worker: CmlWorker): Promise<void> {
    worker.completeRetirement();
    await this.terminate(worker);
  }

  /**
   * MIN_RUNNING_WORKERS: each listed template keeps that many workers running or on their way, starting
   * its STOPPED workers first (even one an operator stopped: the pool size is the operator's setting) and
   * creating the rest within MAX_WORKERS.
   */
  private async keepWarmPool(context: PassContext): Promise<void> {
    const now = this.clock.now();
    for (const [templateName, wanted] of Object.entries(this.settings.MIN_RUNNING_WORKERS)) {
      const ofTemplate = await this.workers.find({ templateName, status: { $ne: 'TERMINATED' } });
      const up = ofTemplate.filter(
        (w) =>
          w.state.desiredStatus === 'RUNNING' &&
          ['PENDING', 'PROVISIONING', 'STARTING', 'RUNNING'].includes(w.state.status),
      ).length;
      let missing = wanted - up;
      if (missing <= 0) continue;
      for (const worker of ofTemplate.filter(
        (w) => w.state.status === 'STOPPED' && w.state.desiredStatus === 'STOPPED',
      )) {
        if (missing <= 0) break;
        if (!worker.requestStart(SYSTEM_ACTORS.warmPool, now).ok) continue;
        await this.workers.update(worker);
        missing--;
      }
      // a worker still STOPPING is started by a later pass, cheaper and sooner than a new launch
      missing -= ofTemplate.filter((w) => w.state.status === 'STOPPING').length;
      if (missing <= 0) continue;
      const template = await this.templates.get(templateName);
      if (!template?.state.enabled) {
        if (missing > 0)
          this.logger.warn(
            { templateName },
            'MIN_RUNNING_WORKERS names a template that is missing or disabled',
          );
        continue;
      }
      for (; missing > 0 && context.live < this.settings.MAX_WORKERS; missing--) {
        await this.workers.add(
          CmlWorker.create(
            randomUUID(),
            { template: template.state, createdBy: SYSTEM_ACTORS.warmPool },
            now,
          ),
        );
        context.live++;
      }
      if (missing > 0) this.logger.warn({ templateName, missing }, 'warm pool short: MAX_WORKERS reached');
    }
  }

  private async launch(worker: CmlWorker): Promise<void> {
    const now = this.clock.now();
    const template = await this.templates.get(worker.state.templateName);
    if (!template) return worker.markFailed(`TEMPLATE_MISSING: ${worker.state.templateName}`, now);
    const amiId = await this.ec2.newestImage(template.state.amiNamePattern);
    if (!amiId) return worker.markFailed(`NO_AMI_MATCHES: ${template.state.amiNamePattern}`, now);
    try {
      const instanceId = await this.ec2.launch({
        workerId: worker.id,
        workerName: worker.state.name,
        templateName: template.id,
        instanceType: worker.state.instanceType,
        amiId,
      });
      worker.markProvisioning(instanceId, amiId, this.clock.now());
    } catch (error) {
      if (!(error instanceof Ec2RequestRefused)) throw error;
      worker.markFailed(`LAUNCH_REFUSED: ${error.code}`, this.clock.now());
    }
  }

  private async checkReadiness(worker: CmlWorker): Promise<void> {
    try {
      const readiness = await this.cml.readiness(worker.state.httpsEndpoint as string);
      if (readiness.ready) worker.markCmlReady(readiness.version, this.clock.now());
    } catch (error) {
      this.logger.debug({ workerId: worker.id, err: error }, 'CML not reachable yet');
    }
  }

  private checkBootTimeout(worker: CmlWorker): void {
    const now = this.clock.now();
    const since = new Date(worker.state.statusChangedAt).getTime();
    if (now.getTime() - since >= this.settings.BOOT_TIMEOUT_MINUTES * 60_000)
      worker.markFailed('BOOT_TIMEOUT', now);
  }

  private async stop(worker: CmlWorker, context: PassContext): Promise<void> {
    const wasRunning = worker.state.status === 'RUNNING';
    await this.ec2.stop(worker.state.ec2InstanceId as string);
    worker.markStopping(this.clock.now());
    if (wasRunning) context.running--;
  }

  private async terminate(worker: CmlWorker): Promise<void> {
    const s = worker.state;
    if (s.license.status === 'REGISTERED' && s.httpsEndpoint) {
      // Deregister first so the licence is not lost with the instance; a failure must not block the terminate.
      try {
        await this.cml.deregisterLicense(s.httpsEndpoint);
        worker.completeLicenseOperation('UNREGISTERED', null, this.clock.now());
      } catch (error) {
        this.logger.warn(
          { workerId: worker.id, err: error },
          'licence deregistration before terminate failed',
        );
      }
    }
    await this.ec2.terminate(s.ec2InstanceId as string);
    worker.markTerminating(this.clock.now());
  }

  /** Health, metrics, drain completion and idle auto-stop of a RUNNING or DRAINING worker. */
  private async runPolicies(worker: CmlWorker, context: PassContext): Promise<void> {
    const now = this.clock.now();
    const s = worker.state;
    let runningNodes: number | null = null;
    const health = await this.checkHealth(worker, context);
    if (health && !health.healthy && health.serviceStatus === 'UNAVAILABLE') {
      // CML does not answer: asking it for metrics would only wait for the same timeout again.
    } else if (s.httpsEndpoint) {
      const probe = context.probes?.get(worker.id);
      const sample = probe ? probe.metrics : await this.metricsOf(worker.id, s.httpsEndpoint);
      if (sample) {
        runningNodes = sample.runningNodes;
        worker.recordMetrics({ ...sample, collectedAt: now.toISOString() }, now);
      }
    }
    const activeSessions = await this.sessions.count({
      workerId: worker.id,
      status: { $in: [...ACTIVE_SESSION_STATUSES] },
    });
    if (s.status === 'DRAINING') {
      const template = await this.templates.get(s.templateName);
      const timeoutMs = (template?.state.drainTimeoutHours ?? 4) * 3_600_000;
      const drainedFor = now.getTime() - new Date(s.drainStartedAt ?? now.toISOString()).getTime();
      const reason =
        activeSessions === 0 ? 'DRAIN_COMPLETE' : drainedFor >= timeoutMs ? 'DRAIN_TIMEOUT' : undefined;
      if (reason && worker.finishDrain(reason, now).ok) await this.stop(worker, context);
      return;
    }
    if (await this.replaceIfLongUnhealthy(worker, context)) return;
    const busy = (runningNodes ?? 0) > 0 || activeSessions > 0;
    if (busy) {
      const last = s.lastActivityAt ? new Date(s.lastActivityAt).getTime() : 0;
      if (now.getTime() - last >= ACTIVITY_WRITE_INTERVAL_MS) worker.recordActivity(now);
      return;
    }
    const idle = idleStatusOf(worker, activeSessions, runningNodes, now, this.settings.IDLE_TIMEOUT_MINUTES);
    if (!idle.eligibleForStop) return;
    if (context.running - 1 < this.settings.MIN_WORKERS) {
      this.logger.debug({ workerId: worker.id }, 'idle worker kept: stopping it would go below MIN_WORKERS');
      return;
    }
    const warm = this.settings.MIN_RUNNING_WORKERS[s.templateName] ?? 0;
    const ofTemplate = context.runningByTemplate.get(s.templateName) ?? 0;
    if (ofTemplate - 1 < warm) {
      this.logger.debug(
        { workerId: worker.id },
        'idle worker kept: its template is below MIN_RUNNING_WORKERS',
      );
      return;
    }
    if (worker.autoStop(now).ok) {
      await this.stop(worker, context);
      context.runningByTemplate.set(s.templateName, ofTemplate - 1);
    }
  }

  /**
   * One health check (fleet passes only): CML's `system_information`/`system_health` and EC2's status
   * checks, applied to the worker (docs/operations.md#worker-health). Answers what the check found.
   */
  private async checkHealth(worker: CmlWorker, context: PassContext): Promise<HealthCheckResult | undefined> {
    const { statusChecks } = context;
    const endpoint = worker.state.httpsEndpoint;
    if (!statusChecks || !endpoint) return undefined;
    const cml = context.probes?.get(worker.id)?.health ?? (await this.healthOf(endpoint));
    const result = assessHealth(cml, statusChecks.get(worker.state.ec2InstanceId as string));
    const before = worker.state.serviceStatus;
    if (worker.recordHealthCheck(result, this.settings.HEALTH_FAILURE_THRESHOLD, this.clock.now())) {
      this.logger.warn(
        {
          workerId: worker.id,
          oldServiceStatus: before,
          serviceStatus: worker.state.serviceStatus,
          reason: result.healthy ? null : result.reason,
        },
        'worker health changed',
      );
    }
    return result;
  }

  private async healthOf(endpoint: string): Promise<CmlProbe['health']> {
    try {
      return { health: await this.cml.health(endpoint) };
    } catch (error) {
      return { error: describe(error) };
    }
  }

  private async metricsOf(workerId: string, endpoint: string): Promise<CmlMetricsSample | undefined> {
    try {
      return await this.cml.metrics(endpoint);
    } catch (error) {
      this.logger.debug({ workerId, err: error }, 'CML metrics not available');
      return undefined;
    }
  }

  /**
   * REPLACE_UNHEALTHY_AFTER_MINUTES: a RUNNING worker unhealthy for that long is drained (its sessions
   * finish, it takes no new ones) and a replacement of its template is created, within MAX_WORKERS. The
   * replacement's id is derived from the worker's, so a pass repeated after a crash adds no second one.
   */
  private async replaceIfLongUnhealthy(worker: CmlWorker, context: PassContext): Promise<boolean> {
    const after = this.settings.REPLACE_UNHEALTHY_AFTER_MINUTES;
    const now = this.clock.now();
    if (after === undefined || worker.state.status !== 'RUNNING') return false;
    if (worker.unhealthyForMs(now) < after * 60_000) return false;
    const template = await this.templates.get(worker.state.templateName);
    if (template?.state.enabled && context.live < this.settings.MAX_WORKERS) {
      const replacement = CmlWorker.create(
        workerIdFor(`replace:${worker.id}`),
        { template: template.state, createdBy: SYSTEM_ACTORS.replaceUnhealthy },
        now,
      );
      try {
        await this.workers.add(replacement);
        context.live++;
      } catch (error) {
        if (!isLostRace(error)) throw error;
      }
    } else {
      this.logger.warn(
        { workerId: worker.id, templateName: worker.state.templateName },
        'unhealthy worker drained without a replacement: its template is disabled or MAX_WORKERS is reached',
      );
    }
    worker.requestDrain(SYSTEM_ACTORS.replaceUnhealthy, now);
    this.logger.warn(
      { workerId: worker.id, reason: worker.state.health.lastFailure },
      'unhealthy worker replaced',
    );
    return true;
  }

  private async handleOrphans(instances: readonly InstanceObservation[]): Promise<number> {
    const known = new Set<string>();
    const workerIds = new Set<string>();
    for (const worker of await this.workers.find({})) {
      workerIds.add(worker.id);
      if (worker.state.ec2InstanceId) known.add(worker.state.ec2InstanceId);
    }
    let found = 0;
    for (const instance of instances) {
      if (
        instance.state === 'terminated' ||
        instance.state === 'shutting-down' ||
        known.has(instance.instanceId)
      )
        continue;
      const tagged = instance.tags[WORKER_ID_TAG];
      if (tagged && workerIds.has(tagged)) continue;
      found++;
      try {
        await this.handleOrphan(instance);
      } catch (error) {
        this.logger.warn(
          { ec2InstanceId: instance.instanceId, err: error },
          'orphan instance handling failed',
        );
      }
    }
    return found;
  }

  private async handleOrphan(instance: InstanceObservation): Promise<void> {
    const now = this.clock.now();
    let orphan = await this.orphans.get(instance.instanceId);
    if (!orphan) {
      orphan = OrphanInstance.detect(instance, this.settings.AWS_REGION, now);
      await this.orphans.add(orphan);
      this.logger.warn({ ec2InstanceId: instance.instanceId }, 'orphan instance detected');
    }
    if (!this.settings.ADOPT_ORPHANS || orphan.state.adoptedAs) return;
    const template = await this.templateFor(instance);
    if (!template) {
      this.logger.warn({ ec2InstanceId: instance.instanceId }, 'orphan not adopted: no template matches it');
      return;
    }
    const worker = await this.adopt(instance, template, SYSTEM_ACTORS.adoptOrphans);
    orphan.adoptedBy(worker.id);
    await this.orphans.update(orphan);
  }

  /**
   * Makes a worker of an existing instance and tags the instance with its id (import and adoption). The
   * id derives from the instance id: the start-up sweep and the first scheduled pass run together, and
   * both adopting one orphan must make one worker (the second add loses the race).
   */
  async adopt(
    instance: InstanceObservation,
    template: WorkerTemplate,
    createdBy: string,
  ): Promise<CmlWorker> {
    const worker = CmlWorker.adopt(
      workerIdFor(`adopt:${instance.instanceId}`),
      { template: template.state, instance, createdBy },
      this.clock.now(),
    );
    await this.ec2.tagWorker(instance.instanceId, worker.id, template.id);
    await this.workers.add(worker);
    this.logger.info(
      { workerId: worker.id, ec2InstanceId: instance.instanceId },
      'instance adopted as a worker',
    );
    return worker;
  }

  /** The template an instance was made from: its template tag, else the enabled template of its instance type. */
  async templateFor(instance: InstanceObservation): Promise<WorkerTemplate | undefined> {
    const tagged = instance.tags[TEMPLATE_TAG];
    if (tagged) {
      const template = await this.templates.get(tagged);
      if (template) return template;
    }
    const [byType] = await this.templates.find(
      { instanceType: instance.instanceType, enabled: true },
      { sort: { costPerHourUsd: 1 } },
    );
    return byType;
  }
}

/** RUNNING workers per template. */
function runningByTemplate(workers: readonly CmlWorker[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of workers) {
    if (w.state.status === 'RUNNING')
      counts.set(w.state.templateName, (counts.get(w.state.templateName) ?? 0) + 1);
  }
  return counts;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import {
  WorkerCreatedSchema,
  WorkerDrainCancelledSchema,
  WorkerDrainingSchema,
  WorkerEndpointChangedSchema,
  WorkerEventTypes,
  WorkerLicenseChangedSchema,
  WorkerMetricsUpdatedSchema,
  WorkerStatusChangedSchema,
  WorkerTerminatedSchema,
} from '@lcm/contracts';
import { type DomainEvent, cloudEventTypeOf } from '@lcm/neuro-core/domain';
import { T0, aTemplate, aWorkerIn, anInstance } from '../../testing/builders';
import { CmlWorker } from './cml-worker.aggregate';
import type { WorkerMetrics, WorkerStatus } from './worker-values';

const LATER = new Date(T0.getTime() + 60_000);
const types = (events: readonly DomainEvent[]) => events.map((e) => cloudEventTypeOf(e));
const statusMoves = (worker: CmlWorker) =>
  worker.pendingEvents
    .filter((e) => cloudEventTypeOf(e) === WorkerEventTypes.statusChanged)
    .map((e) => `${e.toData()['oldStatus']}->${e.toData()['newStatus']}`);

const metrics = (overrides: Partial<WorkerMetrics> = {}): WorkerMetrics => ({
  cpuPercent: 10,
  memoryUsedPercent: 30,
  diskUsedPercent: 20,
  runningNodes: 0,
  labsCount: 1,
  collectedAt: T0.toISOString(),
  ...overrides,
});

describe('CmlWorker', () => {
  it('is created PENDING from a template, wanting to run, with a created event carrying the whole snapshot', () => {
    const worker = CmlWorker.create(
      '3f2a0000-0000-4000-8000-000000000001',
      { template: aTemplate(), createdBy: 'admin-1' },
      T0,
    );
    expect(worker.state).toMatchObject({
      status: 'PENDING',
      desiredStatus: 'RUNNING',
      templateName: 'small',
      capacity: aTemplate().capacity,
    });
    expect(types(worker.pendingEvents)).toEqual([WorkerEventTypes.created]);
    expect(WorkerCreatedSchema.strict().parse(worker.pendingEvents[0]!.toData())).toMatchObject({
      status: 'PENDING',
      name: 'small-3f2a0000',
    });
  });

  it('walks PENDING -> PROVISIONING -> STARTING -> RUNNING and announces the endpoint once', () => {
    const worker = aWorkerIn('PENDING');
    worker.markProvisioning('i-1', 'ami-1', T0);
    worker.observe(anInstance('running', { instanceId: 'i-1' }), T0);
    worker.observe(anInstance('running', { instanceId: 'i-1' }), LATER);
    worker.markCmlReady('2.9.1', LATER);
    expect(statusMoves(worker)).toEqual([
      'PENDING->PROVISIONING',
      'PROVISIONING->STARTING',
      'STARTING->RUNNING',
    ]);
    expect(types(worker.pendingEvents).filter((t) => t === WorkerEventTypes.endpointChanged)).toHaveLength(1);
    expect(worker.state).toMatchObject({
      httpsEndpoint: 'https://203.0.113.7',
      serviceStatus: 'AVAILABLE',
      lastResumedAt: LATER.toISOString(),
    });
  });

  it('emits status and endpoint events whose data match the contract', () => {
    const worker = aWorkerIn('PROVISIONING');
    worker.observe(anInstance('running'), T0);
    for (const event of worker.pendingEvents) {
      const schema =
        cloudEventTypeOf(event) === WorkerEventTypes.statusChanged
          ? WorkerStatusChangedSchema
          : WorkerEndpointChangedSchema;
      expect(schema.strict().safeParse(event.toData()).success).toBe(true);
    }
  });

  it.each<WorkerStatus>(['RUNNING', 'STARTING'])(
    'accepts start of a %s worker and changes nothing',
    (status) => {
      const worker = aWorkerIn(status);
      const before = JSON.stringify(worker.state);
      expect(worker.requestStart()).toEqual({ ok: true, value: false });
      expect(JSON.stringify(worker.state)).toBe(before);
      expect(worker.pendingEvents).toEqual([]);
    },
  );

  it('accepts stop of a STOPPED worker and changes nothing', () => {
    const worker = aWorkerIn('STOPPED');
    const before = JSON.stringify(worker.state);
    expect(worker.requestStop('STOP_REQUESTED')).toEqual({ ok: true, value: false });
    expect(JSON.stringify(worker.state)).toBe(before);
  });

  it('wants a STOPPED worker running after start, leaving the status to the reconciler', () => {
    const worker = aWorkerIn('STOPPED');
    expect(worker.requestStart()).toEqual({ ok: true, value: true });
    expect(worker.state).toMatchObject({ status: 'STOPPED', desiredStatus: 'RUNNING' });
  });

  it.each([
    ['start', (w: CmlWorker) => w.requestStart()],
    ['stop', (w: CmlWorker) => w.requestStop('STOP_REQUESTED')],
    ['drain', (w: CmlWorker) => w.requestDrain(T0)],
    ['cancel-drain', (w: CmlWorker) => w.cancelDrain(T0)],
    ['terminate', (w: CmlWorker) => w.requestTerminate('admin-1')],
    ['update', (w: CmlWorker) => w.changeSettings({ idleDetectionEnabled: false })],
  ])('refuses %s on a TERMINATED worker, naming the status', (action, command) => {
    const worker = aWorkerIn('TERMINATED');
    const result = command(worker);
    expect(result).toEqual({
      ok: false,
      error: `worker ${worker.id} is TERMINATED; ${action} is not allowed`,
    });
  });

  it('drains a RUNNING worker and cancels the drain back to RUNNING, with contract-shaped events', () => {
    const worker = aWorkerIn('RUNNING');
    expect(worker.requestDrain(T0).ok).toBe(true);
    expect(worker.cancelDrain(LATER).ok).toBe(true);
    expect(statusMoves(worker)).toEqual(['RUNNING->DRAINING', 'DRAINING->RUNNING']);
    const [, draining, , cancelled] = worker.pendingEvents;
    expect(WorkerDrainingSchema.strict().parse(draining!.toData()).drainStartedAt).toBe(T0.toISOString());
    expect(WorkerDrainCancelledSchema.strict().safeParse(cancelled!.toData()).success).toBe(true);
  });

  it.each<WorkerStatus>(['RUNNING', 'STOPPED', 'PENDING'])(
    'refuses cancel-drain on a %s worker',
    (status) => {
      const worker = aWorkerIn(status);
      expect(worker.cancelDrain(T0)).toEqual({
        ok: false,
        error: `worker ${worker.id} is ${status}; cancel-drain is not allowed`,
      });
    },
  );

  it('stops with the reason of the request: an idle auto-stop is IDLE_TIMEOUT and counted', () => {
    const worker = aWorkerIn('RUNNING');
    worker.autoStop();
    worker.markStopping(T0);
    worker.observe(anInstance('stopped'), LATER);
    const reasons = worker.pendingEvents
      .filter((e) => cloudEventTypeOf(e) === WorkerEventTypes.statusChanged)
      .map((e) => e.toData()['reason']);
    expect(reasons).toEqual(['IDLE_TIMEOUT', 'IDLE_TIMEOUT']);
    expect(worker.state).toMatchObject({
      status: 'STOPPED',
      autoStopCount: 1,
      httpsEndpoint: null,
      publicIp: null,
      metrics: null,
    });
  });

  it('becomes TERMINATED by discovery-gc when its instance is gone from EC2', () => {
    const worker = aWorkerIn('RUNNING');
    worker.observe(undefined, LATER);
    expect(worker.state).toMatchObject({
      status: 'TERMINATED',
      terminatedBy: 'discovery-gc',
      terminatedAt: LATER.toISOString(),
    });
    const terminated = worker.pendingEvents.find((e) => cloudEventTypeOf(e) === WorkerEventTypes.terminated)!;
    expect(WorkerTerminatedSchema.strict().parse(terminated.toData()).terminatedBy).toBe('discovery-gc');
  });

  it('records who asked when a requested termination completes', () => {
    const worker = aWorkerIn('TERMINATING');
    worker.observe(anInstance('terminated'), LATER);
    expect(worker.state).toMatchObject({ status: 'TERMINATED', terminatedBy: 'admin-1' });
  });

  it('follows EC2 drift: a RUNNING worker whose instance is found stopped becomes STOPPED', () => {
    const worker = aWorkerIn('RUNNING');
    worker.observe(anInstance('stopped'), LATER);
    expect(statusMoves(worker)).toEqual(['RUNNING->STOPPED']);
  });

  it('keeps metrics and announces them only when a value moved by 5% or more', () => {
    const worker = aWorkerIn('RUNNING');
    expect(worker.recordMetrics(metrics(), T0)).toBe(true);
    expect(worker.recordMetrics(metrics({ cpuPercent: 14.9, collectedAt: LATER.toISOString() }), LATER)).toBe(
      false,
    );
    expect(worker.recordMetrics(metrics({ cpuPercent: 15, collectedAt: LATER.toISOString() }), LATER)).toBe(
      true,
    );
    expect(worker.recordMetrics(metrics({ cpuPercent: 15, runningNodes: 1 }), LATER)).toBe(true);
    const updates = worker.pendingEvents.filter(
      (e) => cloudEventTypeOf(e) === WorkerEventTypes.metricsUpdated,
    );
    expect(updates).toHaveLength(3);
    expect(WorkerMetricsUpdatedSchema.strict().safeParse(updates[2]!.toData()).success).toBe(true);
    expect(worker.state.metrics?.runningNodes).toBe(1);
  });

  it('allows one licence operation at a time, on a RUNNING worker only', () => {
    expect(aWorkerIn('STOPPED').beginLicenseOperation('REGISTER', T0).ok).toBe(false);
    const worker = aWorkerIn('RUNNING');
    expect(worker.beginLicenseOperation('REGISTER', T0).ok).toBe(true);
    expect(worker.beginLicenseOperation('DEREGISTER', T0)).toEqual({
      ok: false,
      error: `worker ${worker.id} has a licence REGISTER in progress; licence deregistration is not allowed`,
    });
    worker.completeLicenseOperation('REGISTERED', null, LATER);
    const changes = worker.pendingEvents.map(
      (e) => WorkerLicenseChangedSchema.strict().parse(e.toData()).license,
    );
    expect(changes).toEqual([
      { status: 'UNREGISTERED', operationInProgress: true, pendingOperation: 'REGISTER', lastError: null },
      { status: 'REGISTERED', operationInProgress: false, pendingOperation: null, lastError: null },
    ]);
  });
});

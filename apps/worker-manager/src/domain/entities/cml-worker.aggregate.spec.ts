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
import { WORKER_HISTORY_LIMIT, type WorkerMetrics, type WorkerStatus } from './worker-values';

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
      expect(worker.requestStart('admin-2', LATER)).toEqual({ ok: true, value: false });
      expect(JSON.stringify(worker.state)).toBe(before);
      expect(worker.pendingEvents).toEqual([]);
    },
  );

  it('accepts stop of a STOPPED worker and changes nothing', () => {
    const worker = aWorkerIn('STOPPED');
    const before = JSON.stringify(worker.state);
    expect(worker.requestStop('admin-2', LATER)).toEqual({ ok: true, value: false });
    expect(JSON.stringify(worker.state)).toBe(before);
  });

  it('wants a STOPPED worker running after start, leaving the status to the reconciler', () => {
    const worker = aWorkerIn('STOPPED');
    expect(worker.requestStart('admin-2', LATER)).toEqual({ ok: true, value: true });
    expect(worker.state).toMatchObject({ status: 'STOPPED', desiredStatus: 'RUNNING' });
  });

  it.each([
    ['start', (w: CmlWorker) => w.requestStart('admin-2', T0)],
    ['stop', (w: CmlWorker) => w.requestStop('admin-2', T0)],
    ['drain', (w: CmlWorker) => w.requestDrain('admin-2', T0)],
    ['cancel-drain', (w: CmlWorker) => w.cancelDrain('admin-2', T0)],
    ['terminate', (w: CmlWorker) => w.requestTerminate('admin-2', T0)],
    ['update', (w: CmlWorker) => w.changeSettings({ idleDetectionEnabled: false }, 'admin-2', T0)],
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
    expect(worker.requestDrain('admin-2', T0).ok).toBe(true);
    expect(worker.cancelDrain('admin-2', LATER).ok).toBe(true);
    expect(statusMoves(worker)).toEqual(['RUNNING->DRAINING', 'DRAINING->RUNNING']);
    const [, draining, , cancelled] = worker.pendingEvents;
    expect(WorkerDrainingSchema.strict().parse(draining!.toData()).drainStartedAt).toBe(T0.toISOString());
    expect(WorkerDrainCancelledSchema.strict().safeParse(cancelled!.toData()).success).toBe(true);
  });

  it.each<WorkerStatus>(['RUNNING', 'STOPPED', 'PENDING'])(
    'refuses cancel-drain on a %s worker',
    (status) => {
      const worker = aWorkerIn(status);
      expect(worker.cancelDrain('admin-2', T0)).toEqual({
        ok: false,
        error: `worker ${worker.id} is ${status}; cancel-drain is not allowed`,
      });
    },
  );

  it('stops with the reason of the request: an idle auto-stop is IDLE_TIMEOUT and counted', () => {
    const worker = aWorkerIn('RUNNING');
    worker.autoStop(T0);
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
      terminatedBy: 'system:discovery-gc',
      terminatedAt: LATER.toISOString(),
    });
    const terminated = worker.pendingEvents.find((e) => cloudEventTypeOf(e) === WorkerEventTypes.terminated)!;
    expect(WorkerTerminatedSchema.strict().parse(terminated.toData()).terminatedBy).toBe(
      'system:discovery-gc',
    );
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
    expect(aWorkerIn('STOPPED').beginLicenseOperation('REGISTER', 'admin-2', T0).ok).toBe(false);
    const worker = aWorkerIn('RUNNING');
    expect(worker.beginLicenseOperation('REGISTER', 'admin-2', T0).ok).toBe(true);
    expect(worker.beginLicenseOperation('DEREGISTER', 'admin-2', T0)).toEqual({
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

  it('spaces refreshes: the wait until the next one counts from the last, and a refresh is no history entry', () => {
    const worker = aWorkerIn('RUNNING');
    const before = worker.state.history.length;
    expect(worker.refreshWaitMs(T0, 10_000)).toBe(0);
    expect(worker.requestRefresh(T0)).toEqual({ ok: true, value: true });
    expect(worker.refreshWaitMs(new Date(T0.getTime() + 4_000), 10_000)).toBe(6_000);
    expect(worker.refreshWaitMs(new Date(T0.getTime() + 10_000), 10_000)).toBe(0);
    expect(worker.state.history).toHaveLength(before);
    expect(aWorkerIn('TERMINATED').requestRefresh(T0).ok).toBe(false);
  });

  describe('history', () => {
    const last = (worker: CmlWorker) => worker.state.history.at(-1);

    it('records who created the worker and when', () => {
      const worker = CmlWorker.create(
        '3f2a0000-0000-4000-8000-000000000002',
        { template: aTemplate(), createdBy: 'admin-1' },
        T0,
      );
      expect(worker.state.history).toEqual([
        { at: T0.toISOString(), action: 'create', by: 'admin-1', to: 'RUNNING' },
      ]);
    });

    it('records who imported an instance, and not a create', () => {
      const worker = CmlWorker.adopt(
        '3f2a0000-0000-4000-8000-000000000003',
        { template: aTemplate(), instance: anInstance('stopped'), createdBy: 'admin-1' },
        T0,
      );
      expect(worker.state.history).toEqual([
        { at: T0.toISOString(), action: 'import', by: 'admin-1', to: 'STOPPED' },
      ]);
    });

    it.each<[string, WorkerStatus, (w: CmlWorker) => unknown, object]>([
      ['start', 'STOPPED', (w) => w.requestStart('ops-7', LATER), { from: 'STOPPED', to: 'RUNNING' }],
      ['stop', 'RUNNING', (w) => w.requestStop('ops-7', LATER), { from: 'RUNNING', to: 'STOPPED' }],
      ['drain', 'RUNNING', (w) => w.requestDrain('ops-7', LATER), { from: 'RUNNING', to: 'DRAINING' }],
      ['cancel-drain', 'DRAINING', (w) => w.cancelDrain('ops-7', LATER), { from: 'DRAINING', to: 'RUNNING' }],
      [
        'terminate',
        'STOPPED',
        (w) => w.requestTerminate('ops-7', LATER),
        { from: 'STOPPED', to: 'TERMINATED' },
      ],
      ['update', 'RUNNING', (w) => w.changeSettings({ tags: { team: 'a' } }, 'ops-7', LATER), {}],
      [
        'register-license',
        'RUNNING',
        (w) => w.beginLicenseOperation('REGISTER', 'ops-7', LATER),
        { from: 'UNREGISTERED', to: 'REGISTERED' },
      ],
      [
        'deregister-license',
        'DRAINING',
        (w) => w.beginLicenseOperation('DEREGISTER', 'ops-7', LATER),
        { from: 'UNREGISTERED', to: 'UNREGISTERED' },
      ],
    ])('records who asked for %s on a %s worker and when', (action, status, act, moved) => {
      const worker = aWorkerIn(status);
      const before = worker.state.history.length;
      act(worker);
      expect(worker.state.history).toHaveLength(before + 1);
      expect(last(worker)).toEqual({ at: LATER.toISOString(), action, by: 'ops-7', ...moved });
    });

    it('records nothing for an action that changes nothing or is refused', () => {
      const worker = aWorkerIn('RUNNING');
      const before = structuredClone(worker.state.history);
      worker.requestStart('ops-7', LATER);
      worker.cancelDrain('ops-7', LATER);
      worker.changeSettings({ idleDetectionEnabled: true }, 'ops-7', LATER);
      expect(worker.state.history).toEqual(before);
    });

    it('records the automatic actions as system:<policy>', () => {
      const idle = aWorkerIn('RUNNING');
      idle.autoStop(LATER);
      const drained = aWorkerIn('DRAINING');
      drained.finishDrain('DRAIN_COMPLETE', LATER);
      const overdue = aWorkerIn('DRAINING');
      overdue.finishDrain('DRAIN_TIMEOUT', LATER);
      const vanished = aWorkerIn('RUNNING');
      vanished.observe(undefined, LATER);
      expect([idle, drained, overdue, vanished].map(last)).toEqual([
        {
          at: LATER.toISOString(),
          action: 'stop',
          by: 'system:idle-timeout',
          from: 'RUNNING',
          to: 'STOPPED',
        },
        {
          at: LATER.toISOString(),
          action: 'stop',
          by: 'system:drain-complete',
          from: 'DRAINING',
          to: 'STOPPED',
        },
        {
          at: LATER.toISOString(),
          action: 'stop',
          by: 'system:drain-timeout',
          from: 'DRAINING',
          to: 'STOPPED',
        },
        {
          at: LATER.toISOString(),
          action: 'terminate',
          by: 'system:discovery-gc',
          from: 'RUNNING',
          to: 'TERMINATED',
        },
      ]);
    });

    it('adds no entry when a requested termination completes: the request is the entry', () => {
      const worker = aWorkerIn('TERMINATING');
      const before = structuredClone(worker.state.history);
      worker.observe(anInstance('terminated'), LATER);
      expect(worker.state.history).toEqual(before);
      expect(last(worker)).toMatchObject({ action: 'terminate', by: 'admin-1' });
    });

    it(`keeps the latest ${WORKER_HISTORY_LIMIT} entries`, () => {
      const worker = aWorkerIn('RUNNING');
      for (let n = 1; n <= WORKER_HISTORY_LIMIT + 10; n++)
        worker.changeSettings({ tags: { n: String(n) } }, `ops-${n}`, new Date(T0.getTime() + n * 1000));
      const history = worker.state.history;
      expect(history).toHaveLength(WORKER_HISTORY_LIMIT);
      expect(history[0]!.by).toBe('ops-11');
      expect(history.at(-1)).toMatchObject({ by: `ops-${WORKER_HISTORY_LIMIT + 10}`, action: 'update' });
    });

    it('reads a worker stored before the history existed as one with an empty history', () => {
      const { history: _history, ...older } = aWorkerIn('RUNNING').state;
      const worker = CmlWorker.rehydrate('w-old', older as CmlWorker['state'], 3);
      expect(worker.state.history).toEqual([]);
      expect(worker.requestStop('ops-7', LATER).ok).toBe(true);
      expect(worker.state.history).toHaveLength(1);
    });
  });
});

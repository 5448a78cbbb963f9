import { WorkerEventTypes, WorkerHealthChangedSchema, WorkerSnapshotSchema } from '@lcm/contracts';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { CML_GATEWAY } from '../../domain/services/cml-gateway';
import { CmlClientGateway } from '../../integration/services/cml-client-gateway';
import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

const ALWAYS_500 = { fault: { type: 'status' as const, status: 500 }, times: 'always' as const };

describe('Worker health (docs/operations.md#worker-health)', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      // the CML client's circuit breaker waits 30 s of real time before trying a failed CML again
      configure: ({ container, settings }) => {
        container.rebind(CML_GATEWAY).toConstantValue(
          new CmlClientGateway({
            username: settings.CML_USERNAME,
            password: settings.CML_PASSWORD,
            verifyTls: false,
            timeoutMs: settings.CML_TIMEOUT_MS,
            circuitCooldownMs: 0,
          }),
        );
      },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  const healthEvents = (workerId: string) =>
    fleet.service
      .publishedEvents(WorkerEventTypes.healthChanged)
      .filter((e) => e.subject === workerId)
      .map((e) => WorkerHealthChangedSchema.parse(e.data));

  it('makes a RUNNING worker whose CML answers 500 to everything UNAVAILABLE at the third failed pass, and AVAILABLE once it answers', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    expect(running.serviceStatus).toBe('AVAILABLE');
    const cml = fleet.cml.get(running.ec2InstanceId as string)!;
    cml.control.injectFault(ALWAYS_500);

    await fleet.reconcile();
    await fleet.reconcile();
    expect(await fleet.worker(id)).toMatchObject({
      status: 'RUNNING',
      serviceStatus: 'AVAILABLE',
      health: { consecutiveFailures: 2, lastFailure: expect.stringMatching(/^CML_UNREACHABLE/) },
    });
    expect(healthEvents(id)).toEqual([]);

    await fleet.reconcile();
    const down = await fleet.worker(id);
    expect(down).toMatchObject({ status: 'RUNNING', serviceStatus: 'UNAVAILABLE' });
    expect(healthEvents(id)).toEqual([
      expect.objectContaining({
        workerId: id,
        status: 'RUNNING',
        oldServiceStatus: 'AVAILABLE',
        serviceStatus: 'UNAVAILABLE',
        reason: expect.stringMatching(/^CML_UNREACHABLE/),
      }),
    ]);
    // a worker that stays broken is not rewritten, nor announced again, at every pass
    await fleet.reconcile();
    expect((await fleet.worker(id)).stateVersion).toBe(down.stateVersion);
    expect(healthEvents(id)).toHaveLength(1);

    cml.control.clearFaults();
    await fleet.reconcile();
    expect(await fleet.worker(id)).toMatchObject({
      serviceStatus: 'AVAILABLE',
      health: { consecutiveFailures: 0, lastFailure: null, failingSince: null },
    });
    expect(healthEvents(id).at(-1)).toMatchObject({
      oldServiceStatus: 'UNAVAILABLE',
      serviceStatus: 'AVAILABLE',
      reason: null,
    });
  });

  it('makes a worker whose EC2 instance status check fails DEGRADED while its CML still answers', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.ec2.setStatusChecks(running.ec2InstanceId as string, { instance: true });

    for (let pass = 0; pass < 3; pass++) await fleet.reconcile();
    expect(await fleet.worker(id)).toMatchObject({
      serviceStatus: 'DEGRADED',
      health: { lastFailure: 'EC2_STATUS_CHECK: instance impaired' },
    });

    await fleet.ec2.setStatusChecks(running.ec2InstanceId as string, { instance: false });
    await fleet.reconcile();
    expect((await fleet.worker(id)).serviceStatus).toBe('AVAILABLE');
  });

  it('puts serviceStatus on every worker event, so placement can stop offering an unhealthy worker', () => {
    const events = fleet.service.publishedEvents().filter((e) => e.type.startsWith('io.lcm.worker.'));
    const snapshots = events
      .filter((e) => e.type !== WorkerEventTypes.orphanDetected)
      .map((e) => WorkerSnapshotSchema.parse(e.data));
    expect(snapshots.length).toBeGreaterThan(5);
    for (const snapshot of snapshots) expect(snapshot.serviceStatus).toBeDefined();
  });
});

describe('REPLACE_UNHEALTHY_AFTER_MINUTES', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      env: { HEALTH_FAILURE_THRESHOLD: '1', REPLACE_UNHEALTHY_AFTER_MINUTES: '10' },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('drains a worker unhealthy for that long and creates one replacement of its template', async () => {
    const workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    fleet.cml.get(running.ec2InstanceId as string)!.control.injectFault(ALWAYS_500);
    await fleet.reconcile();
    expect((await fleet.worker(id)).serviceStatus).toBe('UNAVAILABLE');
    expect(await workers.count({})).toBe(1);

    fleet.clock.advance(10 * 60_000);
    await fleet.reconcile();
    const drained = await fleet.worker(id);
    expect(drained.status).toMatch(/DRAINING|STOPPING|STOPPED/);
    expect(drained.history).toContainEqual(
      expect.objectContaining({ action: 'drain', by: 'system:replace-unhealthy', from: 'RUNNING' }),
    );
    await fleet.reconcile();
    await fleet.reconcile();
    const all = await workers.find({});
    expect(all).toHaveLength(2);
    const replacement = all.find((w) => w.id !== id)!;
    expect(replacement.state).toMatchObject({ templateName: 'small', createdBy: 'system:replace-unhealthy' });
    expect(replacement.state.status).not.toBe('PENDING');
  });
});

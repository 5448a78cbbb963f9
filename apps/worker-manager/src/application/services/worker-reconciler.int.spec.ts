import { DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { WorkerEventTypes, WorkerStatusChangedSchema } from '@lcm/contracts';
import { EC2_GATEWAY, type Ec2Gateway } from '../../domain/services/ec2-gateway';
import { type FleetHarness, ec2ClientFor, settle, startFleetHarness } from '../../testing/fleet-harness';

describe('WorkerReconciler against the EC2 and CML simulators', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');

  beforeAll(async () => {
    fleet = await startFleetHarness();
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('takes a created worker PENDING -> PROVISIONING -> STARTING -> RUNNING with a CML endpoint', async () => {
    const created = await fleet.createWorker('small');
    expect(created.status).toBe('PENDING');
    const running = await fleet.reconcileUntil(created.id, 'RUNNING');
    const instance = await fleet.ec2.instance(running.ec2InstanceId as string);
    expect(running).toMatchObject({
      serviceStatus: 'AVAILABLE',
      amiId: 'ami-0c3a1e0b2d4f60291',
      cmlVersion: '2.9.0+build.3',
    });
    expect(running.httpsEndpoint).toBe(instance?.endpoint);
    expect(instance?.tags).toMatchObject({
      Name: running.name,
      'lcm:worker-id': created.id,
      'lcm:template': 'small',
      'lcm:managed-by': 'lcm-worker-manager',
    });
    const moves = fleet.service
      .publishedEvents(WorkerEventTypes.statusChanged)
      .filter((e) => e.subject === created.id)
      .map((e) => WorkerStatusChangedSchema.parse(e.data))
      .map((d) => `${d.oldStatus}->${d.newStatus}`);
    expect(moves).toEqual(['PENDING->PROVISIONING', 'PROVISIONING->STARTING', 'STARTING->RUNNING']);
  });

  it('reconciles a worker right after a command, without waiting for the periodic pass', async () => {
    const { id } = await fleet.createWorker('small');
    let status = 'PENDING';
    for (let n = 0; n < 50 && status === 'PENDING'; n++) {
      await settle(100);
      status = (await fleet.worker(id)).status;
    }
    expect(status).not.toBe('PENDING');
    expect((await fleet.ec2.instances()).filter((i) => i.tags['lcm:worker-id'] === id)).toHaveLength(1);
  });

  it('answers start of a RUNNING worker and stop of a STOPPED one without a change or an EC2 call', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await settle();
    fleet.ec2.resetCalls();
    const started = await fleet.service.http.post(`/api/workers/${id}/start`).set('Authorization', admin());
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      status: 'RUNNING',
      stateVersion: (await fleet.worker(id)).stateVersion,
    });
    await settle();
    expect(fleet.ec2.calls().total).toBe(0);

    await fleet.service.http.post(`/api/workers/${id}/stop`).set('Authorization', admin()).expect(202);
    const stopped = await fleet.reconcileUntil(id, 'STOPPED');
    expect(stopped).toMatchObject({ httpsEndpoint: null, publicIp: null, metrics: null });
    await settle();
    fleet.ec2.resetCalls();
    const again = await fleet.service.http.post(`/api/workers/${id}/stop`).set('Authorization', admin());
    expect(again.status).toBe(202);
    expect(again.body.stateVersion).toBe(stopped.stateVersion);
    await settle();
    expect(fleet.ec2.calls().total).toBe(0);
  });

  it('refuses every command on a TERMINATED worker with 409 naming the status', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.service.http
      .delete(`/api/workers/${id}`)
      .set('Authorization', fleet.service.token('admin', 'ops-7'))
      .expect(202);
    const gone = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(gone).toMatchObject({ terminatedBy: 'ops-7', desiredStatus: 'TERMINATED' });
    expect(gone.history.at(-1)).toMatchObject({ action: 'terminate', by: 'ops-7', to: 'TERMINATED' });
    expect((await fleet.ec2.instance(gone.ec2InstanceId as string))?.state).toBe('terminated');
    for (const path of ['start', 'stop', 'drain', 'cancel-drain', 'refresh']) {
      const answer = await fleet.service.http
        .post(`/api/workers/${id}/${path}`)
        .set('Authorization', admin());
      expect(answer.status).toBe(409);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.detail).toContain('is TERMINATED');
    }
    expect((await fleet.service.http.delete(`/api/workers/${id}`).set('Authorization', admin())).status).toBe(
      409,
    );
    expect(
      (
        await fleet.service.http
          .patch(`/api/workers/${id}`)
          .set('Authorization', admin())
          .send({ tags: { a: 'b' } })
      ).status,
    ).toBe(409);
  });

  it('marks a worker whose instance was terminated behind its back TERMINATED by system:discovery-gc', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.ec2.terminateInstance(running.ec2InstanceId as string, { purge: true });
    const gone = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(gone).toMatchObject({ terminatedBy: 'system:discovery-gc', httpsEndpoint: null });
    expect(gone.history.at(-1)).toMatchObject({ action: 'terminate', by: 'system:discovery-gc' });
    const terminated = fleet.service
      .publishedEvents(WorkerEventTypes.terminated)
      .filter((e) => e.subject === id);
    expect(terminated.map((e) => e.data['terminatedBy'])).toEqual(['system:discovery-gc']);
  });

  it('keeps a worker whose instance lost its managed-by tag: EC2 is asked about the instance id first', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    const instanceId = running.ec2InstanceId as string;
    const client = ec2ClientFor(fleet.ec2);
    try {
      await client.send(
        new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'lcm:managed-by' }] }),
      );
    } finally {
      client.destroy();
    }
    await settle();
    await fleet.reconcile();
    await fleet.reconcile();
    const kept = await fleet.worker(id);
    expect(kept).toMatchObject({ status: 'RUNNING', terminatedBy: null });
    expect(kept.history.map((h) => h.by)).not.toContain('system:discovery-gc');
    expect((await fleet.ec2.instance(instanceId))?.state).toBe('running');
    expect(
      fleet.service.publishedEvents(WorkerEventTypes.terminated).filter((e) => e.subject === id),
    ).toEqual([]);

    await fleet.ec2.terminateInstance(instanceId, { purge: true });
    const gone = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(gone.terminatedBy).toBe('system:discovery-gc');
  });

  it('retries RequestLimitExceeded with backoff instead of failing the pass', async () => {
    fleet.ec2.resetCalls();
    fleet.ec2.injectFault({ kind: 'throttle', action: 'DescribeInstances', count: 2 });
    const pass = await fleet.reconcile();
    expect(pass.ok).toBe(true);
    expect(fleet.ec2.calls().byAction['DescribeInstances']).toBe(3);
    expect(fleet.ec2.faults()).toEqual([]);
  });
});

describe('WorkerReconciler when the process dies between RunInstances and saving', () => {
  let fleet: FleetHarness;
  let crashes = 1;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      configure: ({ container }) => {
        const real = container.get<Ec2Gateway>(EC2_GATEWAY);
        const crashing: Ec2Gateway = Object.assign(Object.create(real) as Ec2Gateway, {
          async launch(request: Parameters<Ec2Gateway['launch']>[0]) {
            const instanceId = await real.launch(request);
            if (crashes-- > 0) throw new Error('process died before the worker was saved');
            return instanceId;
          },
        });
        container.rebind(EC2_GATEWAY).toConstantValue(crashing);
      },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('still ends with exactly one instance for the worker', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    expect(crashes).toBeLessThan(1);
    const mine = (await fleet.ec2.instances()).filter((i) => i.tags['lcm:worker-id'] === id);
    expect(mine.map((i) => i.instanceId)).toEqual([running.ec2InstanceId]);
  });
});

describe('WorkerReconciler when CML never becomes ready', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      env: { BOOT_TIMEOUT_MINUTES: '25' },
      cml: { bootDelayMs: 24 * 3_600_000 },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('keeps the worker STARTING within the boot timeout and marks it FAILED after it', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'STARTING');
    fleet.clock.advance(24 * 60_000);
    await fleet.reconcile();
    expect((await fleet.worker(id)).status).toBe('STARTING');
    fleet.clock.advance(2 * 60_000);
    const failed = await fleet.reconcileUntil(id, 'FAILED');
    expect(failed.serviceStatus).toBe('ERROR');
    const reasons = fleet.service
      .publishedEvents(WorkerEventTypes.statusChanged)
      .map((e) => e.data['reason']);
    expect(reasons).toContain('BOOT_TIMEOUT');
  });
});

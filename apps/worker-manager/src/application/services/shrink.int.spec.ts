import { eventually } from '@lcm/neuro-core/testing';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

const DAY = 86_400_000;

describe('RETIRE_STOPPED_AFTER_DAYS (docs/operations.md#retirement)', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { RETIRE_STOPPED_AFTER_DAYS: '7' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  async function stoppedWorker(): Promise<string> {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.service.http.post(`/api/workers/${id}/stop`).set('Authorization', admin()).expect(202);
    await fleet.reconcileUntil(id, 'STOPPED');
    return id;
  }

  it('terminates a worker stopped for seven days, not before, as system:retire-stopped', async () => {
    const id = await stoppedWorker();
    fleet.clock.advance(6 * DAY);
    await fleet.reconcile();
    expect((await fleet.worker(id)).status).toBe('STOPPED');

    fleet.clock.advance(DAY);
    const retired = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(retired).toMatchObject({ terminatedBy: 'system:retire-stopped' });
    expect(retired.history.at(-1)).toMatchObject({
      action: 'terminate',
      by: 'system:retire-stopped',
      from: 'STOPPED',
      to: 'TERMINATED',
    });
    expect(await fleet.ec2.instance(retired.ec2InstanceId as string)).toMatchObject({ state: 'terminated' });
  });

  it('starts a long-stopped worker with a registered licence so the licence is deregistered before the terminate', async () => {
    const id = await fleet.runningWithLicenceRequested();
    await eventually(
      async () => (await fleet.worker(id)).license.status === 'REGISTERED',
      10_000,
      'the licence registered',
    );
    await fleet.service.http.post(`/api/workers/${id}/stop`).set('Authorization', admin()).expect(202);
    await fleet.reconcileUntil(id, 'STOPPED');

    fleet.clock.advance(8 * DAY);
    await fleet.reconcile();
    expect(await fleet.worker(id)).toMatchObject({
      desiredStatus: 'RUNNING',
      desiredStatusReason: 'RETIRING',
    });
    const retired = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(retired.license.status).toBe('UNREGISTERED');
    expect(retired.terminatedBy).toBe('system:retire-stopped');
  });
});

describe('MIN_RUNNING_WORKERS (docs/operations.md#warm-pool)', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { MIN_RUNNING_WORKERS: 'small:2', IDLE_TIMEOUT_MINUTES: '10' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('keeps two small workers running: creates them, and idle stop leaves them alone', async () => {
    const workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
    await fleet.reconcile();
    const warm = await workers.find({ templateName: 'small' });
    expect(warm).toHaveLength(2);
    expect(warm.map((w) => w.state.createdBy)).toEqual(['system:warm-pool', 'system:warm-pool']);
    for (const w of warm) await fleet.reconcileUntil(w.id, 'RUNNING');

    fleet.clock.advance(30 * 60_000);
    await fleet.reconcile();
    await fleet.reconcile();
    expect(await workers.count({ templateName: 'small', status: 'RUNNING' })).toBe(2);
    expect(await workers.count({})).toBe(2);
  });

  it('starts a stopped worker of the template when one of the pool is stopped by hand', async () => {
    const workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
    const [one] = await workers.find({ templateName: 'small', status: 'RUNNING' });
    await fleet.service.http
      .post(`/api/workers/${one!.id}/stop`)
      .set('Authorization', fleet.service.token('admin'))
      .expect(202);
    // the pass that sees it STOPPED starts it again
    const again = await eventually(
      async () => {
        await fleet.reconcile();
        const worker = await fleet.worker(one!.id);
        return worker.history.at(-1)?.by === 'system:warm-pool' && worker;
      },
      15_000,
      'the stopped worker started again',
    );
    expect(again.history.slice(-2)).toMatchObject([
      { action: 'stop', from: 'RUNNING' },
      { action: 'start', by: 'system:warm-pool', from: 'STOPPED' },
    ]);
    expect(await workers.count({})).toBe(2);
  });
});

import { WorkerEventTypes, WorkerOrphanDetectedSchema } from '@lcm/contracts';
import type { WorkerDto } from '../dtos/worker.dto';
import { type FleetHarness, launchOrphan, startFleetHarness } from '../../testing/fleet-harness';

describe('Orphan instances (ADOPT_ORPHANS=false)', () => {
  let fleet: FleetHarness;
  let orphanId: string;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      prepare: async (ec2) => {
        orphanId = await launchOrphan(ec2, { Name: 'left-behind' });
      },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('reports a managed-tagged instance no worker knows once, from the start-up sweep, and adopts nothing', async () => {
    const reported = fleet.service.publishedEvents(WorkerEventTypes.orphanDetected);
    expect(reported).toHaveLength(1);
    expect(WorkerOrphanDetectedSchema.strict().parse(reported[0]!.data)).toMatchObject({
      ec2InstanceId: orphanId,
      instanceType: 't3.small',
      tags: { Name: 'left-behind', 'lcm:managed-by': 'lcm-worker-manager' },
    });
    await fleet.reconcile();
    await fleet.reconcile();
    expect(fleet.service.publishedEvents(WorkerEventTypes.orphanDetected)).toHaveLength(1);
    const workers = await fleet.service.http
      .get('/api/workers')
      .set('Authorization', fleet.service.token('user'));
    expect(workers.body).toEqual([]);
  });

  it('imports an existing instance on request as a worker that follows it', async () => {
    const answer = await fleet.service.http
      .post('/api/workers/import')
      .set('Authorization', fleet.service.token('admin'))
      .send({ ec2InstanceId: orphanId });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      ec2InstanceId: orphanId,
      templateName: 'small',
      name: 'left-behind',
    });
    const running = await fleet.reconcileUntil(answer.body.id, 'RUNNING');
    expect(running.httpsEndpoint).toBe((await fleet.ec2.instance(orphanId))?.endpoint);
    expect((await fleet.ec2.instance(orphanId))?.tags['lcm:worker-id']).toBe(answer.body.id);
    const again = await fleet.service.http
      .post('/api/workers/import')
      .set('Authorization', fleet.service.token('admin'))
      .send({ ec2InstanceId: orphanId });
    expect(again.status).toBe(409);
  });

  it('answers an import of an unknown instance with 404', async () => {
    const answer = await fleet.service.http
      .post('/api/workers/import')
      .set('Authorization', fleet.service.token('admin'))
      .send({ ec2InstanceId: 'i-0000000000000dead' });
    expect(answer.status).toBe(404);
  });
});

describe('Orphan instances (ADOPT_ORPHANS=true)', () => {
  let fleet: FleetHarness;
  let orphanId: string;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      env: { ADOPT_ORPHANS: 'true' },
      prepare: async (ec2) => {
        orphanId = await launchOrphan(ec2, { 'lcm:template': 'medium' });
      },
    });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('adopts the orphan in the start-up sweep, before any periodic reconcile', async () => {
    expect(fleet.service.publishedEvents(WorkerEventTypes.orphanDetected)).toHaveLength(1);
    const workers = (
      await fleet.service.http.get('/api/workers').set('Authorization', fleet.service.token('user'))
    ).body as WorkerDto[];
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({
      ec2InstanceId: orphanId,
      templateName: 'medium',
      createdBy: 'system:adopt-orphans',
    });
    expect(workers[0]!.history).toMatchObject([{ action: 'import', by: 'system:adopt-orphans' }]);
    await fleet.reconcileUntil(workers[0]!.id, 'RUNNING');
    await fleet.reconcile();
    expect(fleet.service.publishedEvents(WorkerEventTypes.created)).toHaveLength(1);
  });
});

describe('The periodic reconcile', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { RECONCILE_INTERVAL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('runs on its own every RECONCILE_INTERVAL_SECONDS and finds what changed in EC2', async () => {
    const orphanId = await launchOrphan(fleet.ec2);
    let reported: string[] = [];
    for (let n = 0; n < 40 && reported.length === 0; n++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reported = fleet.service
        .publishedEvents(WorkerEventTypes.orphanDetected)
        .map((e) => e.data['ec2InstanceId'] as string);
    }
    expect(reported).toEqual([orphanId]);
  });
});

import { WorkerEventTypes } from '@lcm/contracts';
import { capacityRequest } from '../../testing/cloud-events';
import { type FleetHarness, settle, startFleetHarness } from '../../testing/fleet-harness';

describe('Scale-up on io.lcm.capacity.requested.v1', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { MAX_WORKERS: '5' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('creates exactly one worker from the cheapest fitting template even when the request arrives three times', async () => {
    const before = fleet.service.publishedEvents(WorkerEventTypes.created).length;
    const answers = await Promise.all([1, 2, 3].map(() => fleet.service.receive(capacityRequest('req-42'))));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    await fleet.service.receive(capacityRequest('req-42'));
    const created = fleet.service.publishedEvents(WorkerEventTypes.created).slice(before);
    expect(created).toHaveLength(1);
    // 1.5 GB * 1.2 needs 1.8 GB: micro (1 GB) is too small, small (2 GB) is the cheapest that fits
    expect(created[0]!.data).toMatchObject({ templateName: 'small', status: 'PENDING' });
    const worker = await fleet.worker(created[0]!.subject as string);
    expect(worker).toMatchObject({ createdBy: 'system:scale-up' });
    expect(worker.history).toMatchObject([{ action: 'create', by: 'system:scale-up' }]);
  });

  it('starts a STOPPED worker that fits instead of creating one', async () => {
    const { id } = await fleet.createWorker('medium');
    await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.service.http.post(`/api/workers/${id}/stop`).set('Authorization', admin()).expect(202);
    await fleet.reconcileUntil(id, 'STOPPED');
    const before = fleet.service.publishedEvents(WorkerEventTypes.created).length;
    await fleet.service.receive(capacityRequest('req-43', { memoryGb: 3 }));
    expect(fleet.service.publishedEvents(WorkerEventTypes.created).length).toBe(before);
    const wanted = await fleet.worker(id);
    expect(wanted.desiredStatus).toBe('RUNNING');
    expect(wanted.history.at(-1)).toMatchObject({ action: 'start', by: 'system:scale-up', from: 'STOPPED' });
    await fleet.reconcileUntil(id, 'RUNNING');
  });

  it('creates nothing at MAX_WORKERS', async () => {
    await settle();
    const live = (await fleet.service.http.get('/api/workers').set('Authorization', admin())).body.filter(
      (w: { status: string }) => w.status !== 'TERMINATED',
    ).length;
    const before = fleet.service.publishedEvents(WorkerEventTypes.created).length;
    for (let n = live; n < 6; n++)
      await fleet.service.receive(capacityRequest(`req-fill-${n}`, { memoryGb: 3 }));
    const live2 = (await fleet.service.http.get('/api/workers').set('Authorization', admin())).body.filter(
      (w: { status: string }) => w.status !== 'TERMINATED',
    ).length;
    expect(live2).toBe(5);
    expect(fleet.service.publishedEvents(WorkerEventTypes.created).length - before).toBe(5 - live);
  });
});

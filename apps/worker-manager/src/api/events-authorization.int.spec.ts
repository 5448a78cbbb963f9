import { randomUUID } from 'node:crypto';
import { CapacityEventTypes, SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { capacityRequest } from '../testing/cloud-events';
import { type FleetHarness, startFleetHarness } from '../testing/fleet-harness';

/**
 * `POST /events` of worker-manager against a forged delivery: a capacity request launches paid EC2
 * instances, so only session-manager, its producer, may send one.
 */
describe('worker-manager POST /events: who may ask for capacity', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { MAX_WORKERS: '5' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  const workers = async () =>
    (await fleet.service.http.get('/api/workers').set('Authorization', fleet.service.token('admin')))
      .body as Array<{ id: string }>;

  it.each([
    ['without a token', 401, () => null],
    ['with a user token', 403, () => fleet.service.token('user', 'mallory')],
    ['with an admin token', 403, () => fleet.service.token('admin', 'ada')],
    ["with lab-manager's service token", 403, () => fleet.service.serviceToken('lab-manager')],
    ["with worker-manager's own service token", 403, () => fleet.service.serviceToken('worker-manager')],
  ])('refuses a capacity request %s (%i): no worker, no EC2 call', async (_case, status, authorization) => {
    const answer = await fleet.service.receive(capacityRequest(`req-${randomUUID()}`), {
      authorization: authorization(),
    });

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fleet.service.publishedEvents(WorkerEventTypes.created)).toEqual([]);
    expect(await workers()).toEqual([]);
    expect(fleet.ec2.calls().byAction['RunInstances'] ?? 0).toBe(0);
    expect(await fleet.ec2.instances()).toEqual([]);
  });

  it("names the type and the caller when another service's token sends it", async () => {
    const answer = await fleet.service.receive(capacityRequest(`req-${randomUUID()}`), {
      authorization: fleet.service.serviceToken('lab-manager'),
    });

    expect(answer.body.detail).toBe(
      `client lab-manager may not send ${CapacityEventTypes.requested}: only its producer session-manager may`,
    );
  });

  it('refuses session events, which drive idle stops, from anyone but session-manager', async () => {
    const answer = await fleet.service.receive(
      {
        type: SessionEventTypes.stopped,
        data: { sessionId: randomUUID(), workerId: randomUUID(), status: 'STOPPED' },
      },
      { authorization: fleet.service.serviceToken('lab-manager') },
    );

    expect(answer.status).toBe(403);
  });

  it('accepts the request from session-manager and launches one worker', async () => {
    const answer = await fleet.service.receive(capacityRequest(`req-${randomUUID()}`), {
      authorization: fleet.service.serviceToken('session-manager'),
    });

    expect(answer.status).toBe(202);
    const [created] = fleet.service.publishedEvents(WorkerEventTypes.created);
    expect(created?.data).toMatchObject({ templateName: 'small', status: 'PENDING' });
    await fleet.reconcileUntil(created!.subject as string, 'RUNNING');
    expect(await workers()).toHaveLength(1);
    // The on-demand reconcile and the test's pass may both call RunInstances; its ClientToken makes one instance.
    expect(await fleet.ec2.instances()).toHaveLength(1);
  });
});

import { type FleetHarness, settle, startFleetHarness } from '../../testing/fleet-harness';

/** Waits (with a deadline) until the on-demand reconcile asked EC2 about the worker's instance. */
async function describedWithin(fleet: FleetHarness, ms = 5000): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const calls = fleet.ec2.calls().byAction['DescribeInstances'] ?? 0;
    if (calls > 0 || Date.now() > deadline) return calls;
    await settle(25);
  }
}

describe('POST /api/workers/{id}/refresh', () => {
  let fleet: FleetHarness;
  const refresh = (id: string) =>
    fleet.service.http.post(`/api/workers/${id}/refresh`).set('Authorization', fleet.service.token('user'));

  beforeAll(async () => {
    fleet = await startFleetHarness();
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('reconciles the worker on every refresh, not only the first', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await settle();
    for (let n = 1; n <= 3; n++) {
      fleet.clock.advance(11_000);
      fleet.ec2.resetCalls();
      const answer = await refresh(id);
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ id, status: 'RUNNING' });
      expect(await describedWithin(fleet)).toBeGreaterThan(0);
    }
  });

  it('answers a refresh of the same worker within 10 s with 429 rate_limited and Retry-After', async () => {
    const { id } = await fleet.createWorker('small');
    const other = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await settle();
    fleet.clock.advance(11_000);
    expect((await refresh(id)).status).toBe(202);

    fleet.clock.advance(4_000);
    const again = await refresh(id);
    expect(again.status).toBe(429);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.headers['retry-after']).toBe('6');
    expect(again.body).toMatchObject({
      type: 'urn:lcm:problem:rate_limited',
      status: 429,
      retryAfterSeconds: 6,
      instance: `/api/workers/${id}/refresh`,
    });
    expect(again.body.detail).toBe(`worker ${id} was refreshed 4 s ago; refresh it again in 6 s`);

    expect((await refresh(other.id)).status).toBe(202);
    fleet.clock.advance(6_000);
    expect((await refresh(id)).status).toBe(202);
  });

  it('still answers 404 for an unknown worker', async () => {
    const answer = await refresh('00000000-0000-4000-8000-00000000beef');
    expect(answer.status).toBe(404);
  });
});

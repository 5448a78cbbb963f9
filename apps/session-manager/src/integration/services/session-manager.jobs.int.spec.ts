import { RequestSessionCommand } from '../../application/commands/request-session.command';
import {
  type SessionManagerFixture,
  defineLablet,
  reportWorker,
  startSessionManager,
} from '../../testing/service-fixture';

/** Polls until `probe` gives a value (jobs run on their own BullMQ schedule). */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('session-manager jobs', () => {
  let f: SessionManagerFixture | undefined;

  afterEach(async () => {
    await f?.svc.close();
    f = undefined;
  });

  async function statusOf(
    fixture: SessionManagerFixture,
    id: string,
    wanted: string,
  ): Promise<string | undefined> {
    const response = await fixture.svc.http
      .get(`/api/lablet-sessions/${id}`)
      .set('authorization', fixture.svc.token('admin'));
    return response.body.status === wanted ? wanted : undefined;
  }

  it('places a new request right away (on-demand job) and the timer scheduler starts instantiating it', async () => {
    f = await startSessionManager({ TIMER_INTERVAL_SECONDS: '0.3' }, { jobs: 'all' });
    const fixture = f;
    await defineLablet(fixture.svc);
    await reportWorker(fixture.svc);
    const created = await fixture.svc.mediator.execute(new RequestSessionCommand('alice', 'ccna-lab', 30));
    if (!created.ok) throw new Error(created.problem.detail);
    await eventually(() => statusOf(fixture, created.value.id, 'INSTANTIATING'));
    expect(fixture.svc.publishedEvents('io.lcm.session.scheduled.v1')).toHaveLength(1);
  });

  it('runs the placement loop on its job scheduler, without any on-demand trigger', async () => {
    f = await startSessionManager({ PLACEMENT_INTERVAL_SECONDS: '0.3' }, { jobs: 'periodic' });
    const fixture = f;
    await defineLablet(fixture.svc);
    const created = await fixture.svc.mediator.execute(new RequestSessionCommand('alice', 'ccna-lab', 30));
    if (!created.ok) throw new Error(created.problem.detail);
    await reportWorker(fixture.svc);
    await eventually(() => statusOf(fixture, created.value.id, 'SCHEDULED'));
    expect(fixture.trigger?.reasons.length).toBeGreaterThan(0);
  });
});

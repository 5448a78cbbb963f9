import { eventually } from '@lcm/neuro-core/testing';
import { RequestSessionCommand } from '../../application/commands/request-session.command';
import {
  type SessionManagerFixture,
  defineLablet,
  reportWorker,
  startSessionManager,
} from '../../testing/service-fixture';

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
    await eventually(() => statusOf(fixture, created.value.id, 'INSTANTIATING'), 8000);
    expect(fixture.svc.publishedEvents('io.lcm.session.scheduled.v1')).toHaveLength(1);
  });

  it('runs the placement loop on its job scheduler, without any on-demand trigger', async () => {
    f = await startSessionManager({ PLACEMENT_INTERVAL_SECONDS: '0.3' }, { jobs: 'periodic' });
    const fixture = f;
    await defineLablet(fixture.svc);
    const created = await fixture.svc.mediator.execute(new RequestSessionCommand('alice', 'ccna-lab', 30));
    if (!created.ok) throw new Error(created.problem.detail);
    await reportWorker(fixture.svc);
    await eventually(() => statusOf(fixture, created.value.id, 'SCHEDULED'), 8000);
    expect(fixture.trigger?.reasons.length).toBeGreaterThan(0);
  });
});

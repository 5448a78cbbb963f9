import { sessionEvent } from '../../testing/cloud-events';
import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

const MINUTE = 60_000;

/** `GET /api/workers/{id}` shows who did what to a worker, and when (the start of an audit trail). */
describe('worker history through the API', () => {
  let fleet: FleetHarness;
  const as = (sub: string) => fleet.service.token('admin', sub);

  beforeAll(async () => {
    fleet = await startFleetHarness();
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('records each operator action with who asked and when, oldest first', async () => {
    const created = await fleet.service.http
      .post('/api/workers')
      .set('Authorization', as('ops-create'))
      .send({ templateName: 'small' })
      .expect(201);
    const id = created.body.id as string;
    const createdAt = fleet.clock.now().toISOString();
    await fleet.reconcileUntil(id, 'RUNNING');
    // An active session keeps the drain from completing on its own before it is cancelled.
    await fleet.service.receive(sessionEvent('s-1', id, 'RUNNING', fleet.clock.now())).expect(202);

    /** A minute later, POSTs (or sends `method`) to the worker's `path` as `sub`; returns when that was. */
    const later = async (
      sub: string,
      path: string,
      method: 'post' | 'patch' | 'delete' = 'post',
      body?: object,
    ) => {
      fleet.clock.advance(MINUTE);
      const at = fleet.clock.now().toISOString();
      const answer = await fleet.service.http[method](`/api/workers/${id}${path}`)
        .set('Authorization', as(sub))
        .send(body);
      expect(answer.status).toBeLessThan(300);
      return at;
    };
    const drainedAt = await later('ops-drain', '/drain');
    const cancelledAt = await later('ops-cancel', '/cancel-drain');
    const updatedAt = await later('ops-update', '', 'patch', { tags: { team: 'blue' } });
    const stoppedAt = await later('ops-stop', '/stop');
    await fleet.reconcileUntil(id, 'STOPPED');
    const startedAt = await later('ops-start', '/start');
    const terminatedAt = await later('ops-terminate', '', 'delete');

    const shown = await fleet.service.http
      .get(`/api/workers/${id}`)
      .set('Authorization', fleet.service.token('user'))
      .expect(200);
    expect(shown.body.history).toEqual([
      { at: createdAt, action: 'create', by: 'ops-create', to: 'RUNNING' },
      { at: drainedAt, action: 'drain', by: 'ops-drain', from: 'RUNNING', to: 'DRAINING' },
      { at: cancelledAt, action: 'cancel-drain', by: 'ops-cancel', from: 'DRAINING', to: 'RUNNING' },
      { at: updatedAt, action: 'update', by: 'ops-update' },
      { at: stoppedAt, action: 'stop', by: 'ops-stop', from: 'RUNNING', to: 'STOPPED' },
      { at: startedAt, action: 'start', by: 'ops-start', from: 'STOPPED', to: 'RUNNING' },
      {
        at: terminatedAt,
        action: 'terminate',
        by: 'ops-terminate',
        from: expect.any(String),
        to: 'TERMINATED',
      },
    ]);
  });

  it('records nothing for a refused action', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    const before = (await fleet.worker(id)).history;
    await fleet.service.http
      .post(`/api/workers/${id}/cancel-drain`)
      .set('Authorization', as('ops-refused'))
      .expect(409);
    expect((await fleet.worker(id)).history).toEqual(before);
  });

  it('documents the history in the OpenAPI schema of a worker', async () => {
    const doc = await fleet.service.http.get('/api/docs/openapi.json').expect(200);
    const answer =
      doc.body.paths['/api/workers/{id}'].get.responses['200'].content['application/json'].schema;
    const worker = answer.$ref
      ? doc.body.components.schemas[String(answer.$ref).split('/').pop() as string]
      : answer;
    expect(worker.required).toContain('history');
    expect(worker.properties.history.items.required).toEqual(['at', 'action', 'by']);
    expect(worker.properties.history.items.properties.action.enum).toEqual(
      expect.arrayContaining(['create', 'start', 'stop', 'drain', 'cancel-drain', 'terminate']),
    );
  });
});

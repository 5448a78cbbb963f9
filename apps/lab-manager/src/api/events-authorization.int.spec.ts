import { SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { type TestService, startTestService } from '@lcm/neuro-core/testing';
import type { LabManagerSettings } from '../application/settings';
import { labManagerService } from '../service';
import { aDefinitionBody, aSessionSnapshot, aWorkerSnapshot } from '../testing/builders';
import { pollUntil } from '../testing/poll-until';

const WORKER = '5d0c3a4b-2f1e-4c8d-9a7b-6e5f4d3c2b1a';

/**
 * `POST /events` of lab-manager against forged deliveries: session events make it import and start labs
 * and create CML users, so only session-manager may send them (and only worker-manager worker events).
 */
describe('lab-manager POST /events: who may drive labs', () => {
  let cml: CmlSimulator;
  let svc: TestService<LabManagerSettings>;
  let definitionId: string;

  beforeAll(async () => {
    cml = await startCmlSimulator();
    svc = await startTestService(labManagerService, {
      env: { LABS_SYNC_INTERVAL_SECONDS: '3600', PORT_RANGE_START: '4100', PORT_RANGE_END: '4199' },
    });
    await svc
      .receive({ type: WorkerEventTypes.statusChanged, data: aWorkerSnapshot(WORKER, cml.url) })
      .expect(202);
    const created = await svc.http
      .post('/api/lablet-definitions')
      .set('authorization', svc.token('manager'))
      .send(aDefinitionBody({ name: 'guarded-def' }))
      .expect(201);
    definitionId = created.body.id as string;
  });

  afterAll(async () => {
    await svc?.close();
    await cml?.close();
  });

  const scheduled = (sessionId: string) => ({
    type: SessionEventTypes.scheduled,
    data: aSessionSnapshot({ sessionId, workerId: WORKER, definitionId, definitionName: 'guarded-def' }),
  });
  const labRecords = async () =>
    (await svc.http.get(`/api/lab-records?workerId=${WORKER}`).set('authorization', svc.token('admin')))
      .body as Array<{ boundSessionId: string | null; status: string }>;

  it.each([
    ['without a token', 401, () => null],
    ['with a user token', 403, () => svc.token('user', 'mallory')],
    ['with an admin token', 403, () => svc.token('admin', 'ada')],
    ["with worker-manager's service token", 403, () => svc.serviceToken('worker-manager')],
  ])('refuses session.scheduled %s (%i) and reserves no lab', async (caseName, status, authorization) => {
    const published = svc.publishedEvents().length;
    const answer = await svc.receive(scheduled(`forged ${caseName}`), { authorization: authorization() });

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await labRecords()).toEqual([]);
    expect(svc.publishedEvents()).toHaveLength(published);
  });

  it("refuses a worker event from session-manager's token: only worker-manager reports workers", async () => {
    const answer = await svc.receive(
      { type: WorkerEventTypes.statusChanged, data: aWorkerSnapshot(WORKER, 'https://attacker.example') },
      { authorization: svc.serviceToken('session-manager') },
    );

    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe(
      `client session-manager may not send ${WorkerEventTypes.statusChanged}: only its producer worker-manager may`,
    );
  });

  it('imports the lab of a session scheduled by session-manager, and of no refused one', async () => {
    await svc
      .receive(scheduled('from-session-manager'), { authorization: svc.serviceToken('session-manager') })
      .expect(202);

    const records = await pollUntil(labRecords, (found) => found.some((r) => r.status === 'IMPORTED'));
    expect(records.map((r) => [r.boundSessionId, r.status])).toEqual([['from-session-manager', 'IMPORTED']]);
  });
});

import { randomUUID } from 'node:crypto';
import { AssessmentEventTypes, LabletDefinitionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import type { TestCloudEvent } from '@lcm/neuro-core/testing';
import { type SessionManagerFixture, startSessionManager } from '../testing/service-fixture';

/**
 * `POST /events` of session-manager against forged deliveries: definitions, workers, labs and grades
 * decide what users may book and where sessions go, so each comes only from its producer.
 */
describe('session-manager POST /events: who may feed the read models', () => {
  let f: SessionManagerFixture;

  beforeAll(async () => {
    f = await startSessionManager();
  });
  afterAll(async () => {
    await f?.svc.close();
  });

  const definition = (name: string): TestCloudEvent => ({
    type: LabletDefinitionEventTypes.created,
    source: '/lab-manager',
    data: {
      definitionId: randomUUID(),
      name,
      version: '1.0.0',
      nodeCount: 3,
      resourceRequirements: { cpuCores: 1, memoryGb: 2, storageGb: 10 },
      licenseAffinity: ['ENTERPRISE'],
      portTemplate: [],
      maxDurationMinutes: 120,
      enabled: true,
    },
  });
  const book = (definitionName: string) =>
    f.svc.http
      .post('/api/lablet-sessions')
      .set('authorization', f.svc.token('user', 'alice'))
      .send({ definitionName, durationMinutes: 30 });

  it.each([
    ['without a token', 401, () => null],
    ['with a user token', 403, () => f.svc.token('user', 'mallory')],
    ['with an admin token', 403, () => f.svc.token('admin', 'ada')],
    ["with worker-manager's service token", 403, () => f.svc.serviceToken('worker-manager')],
  ])('refuses a lablet definition %s (%i): nobody can book it', async (caseName, status, authorization) => {
    const name = `forged-${caseName.replaceAll(/\W+/g, '-')}`;

    const answer = await f.svc.receive(definition(name), { authorization: authorization() });

    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await book(name)).status).toBe(400);
  });

  it('accepts a lablet definition from lab-manager: users can book it', async () => {
    await f.svc
      .receive(definition('genuine-lab'), { authorization: f.svc.serviceToken('lab-manager') })
      .expect(202);

    expect((await book('genuine-lab')).status).toBe(201);
  });

  it("refuses a worker report from lab-manager's token: only worker-manager reports workers", async () => {
    const answer = await f.svc.receive(
      {
        type: WorkerEventTypes.statusChanged,
        data: { workerId: randomUUID(), status: 'RUNNING' },
      },
      { authorization: f.svc.serviceToken('lab-manager') },
    );

    expect(answer.status).toBe(403);
    expect(answer.body.detail).toBe(
      `client lab-manager may not send ${WorkerEventTypes.statusChanged}: only its producer worker-manager may`,
    );
  });

  it('refuses grades until EVENT_PRODUCER_CLIENTS names the assessment system, and from LCM services always', async () => {
    const grade = { type: AssessmentEventTypes.gradingCompleted, data: { sessionId: randomUUID() } };

    const fromGrader = await f.svc.receive(grade, { authorization: f.svc.serviceToken('lcm-grader') });
    const fromItself = await f.svc.receive(grade, { authorization: f.svc.serviceToken('session-manager') });

    expect(fromGrader.status).toBe(403);
    expect(fromGrader.body.detail).toContain('EVENT_PRODUCER_CLIENTS names no client for assessment-system');
    expect(fromItself.status).toBe(403);
  });
});

import { LabEventTypes, SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { type TestService, startTestService } from '@lcm/neuro-core/testing';
import type { LabManagerSettings } from '../../application/settings';
import { labManagerService } from '../../service';
import { aDefinitionBody, aSessionSnapshot, aWorkerSnapshot } from '../../testing/builders';
import { pollUntil } from '../../testing/poll-until';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';
const ROLES = ['user', 'manager', 'admin', 'service'] as const;

/** Every route with the roles docs/architecture.md#roles gives it (no hierarchy: each allowed role is listed). */
const ROUTES: Array<{
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  allowed: readonly string[];
  body?: object;
}> = [
  { method: 'get', path: '/api/lablet-definitions', allowed: ['user', 'manager', 'admin'] },
  { method: 'get', path: '/api/lablet-definitions/x', allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: '/api/lablet-definitions', allowed: ['manager', 'admin'], body: {} },
  {
    method: 'patch',
    path: '/api/lablet-definitions/x',
    allowed: ['manager', 'admin'],
    body: { enabled: false },
  },
  { method: 'get', path: '/api/lab-records', allowed: ['manager', 'admin'] },
  { method: 'get', path: '/api/lab-records/x', allowed: ['manager', 'admin'] },
  { method: 'get', path: '/api/lab-records/x/topology', allowed: ['manager', 'admin'] },
  { method: 'get', path: '/api/lab-records/x/credentials', allowed: ['service'] },
  { method: 'post', path: '/api/lab-records/x/start', allowed: ['admin'] },
  { method: 'post', path: '/api/lab-records/x/stop', allowed: ['admin'] },
  { method: 'post', path: '/api/lab-records/x/wipe', allowed: ['admin'] },
  { method: 'delete', path: '/api/lab-records/x', allowed: ['admin'] },
];

describe('lab-manager HTTP API', () => {
  let cml: CmlSimulator;
  let svc: TestService<LabManagerSettings>;

  beforeAll(async () => {
    cml = await startCmlSimulator({ nodeBootDelayMs: 60 });
    svc = await startTestService(labManagerService, {
      env: {
        LAB_CONVERGE_POLL_MS: '20',
        LAB_OPERATION_BACKOFF_MS: '10',
        LABS_SYNC_INTERVAL_SECONDS: '3600',
        PORT_RANGE_START: '4000',
        PORT_RANGE_END: '4099',
      },
    });
    const accepted = await svc.receive({
      type: WorkerEventTypes.statusChanged,
      data: aWorkerSnapshot(WORKER, cml.url),
    });
    if (accepted.status >= 300) throw new Error(`worker event refused: ${accepted.status}`);
  });

  afterAll(async () => {
    await svc?.close();
    await cml?.close();
  });

  it('documents every route in its OpenAPI document', async () => {
    const doc = await svc.http.get('/api/docs/openapi.json');
    const paths = Object.keys(doc.body.paths ?? {});
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/lablet-definitions',
        '/api/lab-records',
        '/api/lab-records/{id}/credentials',
      ]),
    );
  });

  describe('authorization', () => {
    it.each(ROUTES)('$method $path answers 401 without a token', async ({ method, path, body }) => {
      const res = await svc.http[method](path).send(body);
      expect(res.status).toBe(401);
    });

    it.each(ROUTES)('$method $path lets only $allowed in', async ({ method, path, allowed, body }) => {
      for (const role of ROLES) {
        const res = await svc.http[method](path).set('authorization', svc.token(role)).send(body);
        if (allowed.includes(role)) expect([role, res.status]).not.toEqual([role, 403]);
        else expect([role, res.status]).toEqual([role, 403]);
      }
    });
  });

  describe('lablet definitions', () => {
    it('creates (201), lists, reads and disables a version', async () => {
      const manager = svc.token('manager', 'mgr-1');
      const created = await svc.http
        .post('/api/lablet-definitions')
        .set('authorization', manager)
        .send(aDefinitionBody({ name: 'api-def' }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'api-def',
        version: '1.0.0',
        nodeCount: 2,
        createdBy: 'mgr-1',
      });

      const listed = await svc.http
        .get('/api/lablet-definitions?name=api-def&enabled=true')
        .set('authorization', svc.token('user'));
      expect(listed.body.map((d: { id: string }) => d.id)).toEqual([created.body.id]);
      const read = await svc.http
        .get(`/api/lablet-definitions/${created.body.id}`)
        .set('authorization', svc.token('user'));
      expect(read.body.topologyYaml).toContain('${PORT_SERIAL_1}');

      const disabled = await svc.http
        .patch(`/api/lablet-definitions/${created.body.id}`)
        .set('authorization', manager)
        .send({ enabled: false });
      expect(disabled.body.enabled).toBe(false);
      expect(svc.publishedEvents('io.lcm.lablet-definition.updated.v1')).toHaveLength(1);
    });

    it('answers problem+json 409 for the same topology again and 400 for an invalid body', async () => {
      const manager = svc.token('manager');
      await svc.http
        .post('/api/lablet-definitions')
        .set('authorization', manager)
        .send(aDefinitionBody({ name: 'dup-def' }));
      const same = await svc.http
        .post('/api/lablet-definitions')
        .set('authorization', manager)
        .send(aDefinitionBody({ name: 'dup-def', version: '1.0.1' }));
      const bad = await svc.http
        .post('/api/lablet-definitions')
        .set('authorization', manager)
        .send({ name: 'x', version: 'one' });

      expect(same.status).toBe(409);
      expect(same.headers['content-type']).toContain('application/problem+json');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['body.version', 'body.topologyYaml']),
      );
    });

    it('answers 404 for an unknown id', async () => {
      const res = await svc.http.get('/api/lablet-definitions/nope').set('authorization', svc.token('user'));
      expect(res.status).toBe(404);
    });
  });

  describe('session labs through CloudEvents and jobs', () => {
    /** Creates a definition through the API and returns a session of it on WORKER, as session-manager sends it. */
    async function aSessionOfNewDefinition(name: string, sessionId: string) {
      const created = await svc.http
        .post('/api/lablet-definitions')
        .set('authorization', svc.token('manager'))
        .send(aDefinitionBody({ name }));
      return aSessionSnapshot({
        sessionId,
        workerId: WORKER,
        definitionId: created.body.id,
        definitionName: name,
      });
    }

    it('imports on session.scheduled, serves the imported topology, the credentials to services only, and lab.ready', async () => {
      const session = await aSessionOfNewDefinition('flow-def', 'api-s-1');
      const manager = svc.token('manager');

      expect((await svc.receive({ type: SessionEventTypes.scheduled, data: session })).status).toBeLessThan(
        300,
      );
      const imported = await pollUntil(
        async () =>
          (await svc.http.get(`/api/lab-records?workerId=${WORKER}`).set('authorization', manager))
            .body as Array<{ id: string; status: string; boundSessionId: string }>,
        (records) => records.some((r) => r.boundSessionId === 'api-s-1' && r.status === 'IMPORTED'),
      );
      const record = imported.find((r) => r.boundSessionId === 'api-s-1')!;
      const topology = await svc.http
        .get(`/api/lab-records/${record.id}/topology`)
        .set('authorization', manager);
      expect(topology.headers['content-type']).toContain('yaml');
      expect(topology.text).toContain('on 4000');

      await svc.receive({
        type: SessionEventTypes.instantiating,
        data: { ...session, status: 'INSTANTIATING' },
      });
      await pollUntil(
        async () => svc.publishedEvents(LabEventTypes.ready),
        (events) => events.length > 0,
      );
      const credentials = await svc.http
        .get(`/api/lab-records/${record.id}/credentials`)
        .set('authorization', svc.token('service'));
      expect(credentials.status).toBe(200);
      expect(credentials.body.username).toMatch(/^lcm-/);
      const detail = await svc.http.get(`/api/lab-records/${record.id}`).set('authorization', manager);
      expect(detail.body.status).toBe('STARTED');
      expect(JSON.stringify(detail.body)).not.toContain(credentials.body.password);
      expect(JSON.stringify(svc.publishedEvents())).not.toContain(credentials.body.password);
    });

    it('lets an admin stop, wipe and delete an unbound lab (202), freeing it on CML', async () => {
      const admin = svc.token('admin');
      const manager = svc.token('manager');
      const session = await aSessionOfNewDefinition('ops-def', 'api-s-2');
      await svc.receive({ type: SessionEventTypes.scheduled, data: session });
      await svc.receive({ type: SessionEventTypes.instantiating, data: session });
      await pollUntil(
        async () => svc.publishedEvents(LabEventTypes.ready).filter((e) => e.data['sessionId'] === 'api-s-2'),
        (e) => e.length > 0,
      );
      await svc.receive({ type: SessionEventTypes.stopping, data: session });
      const released = await pollUntil(
        async () =>
          svc.publishedEvents(LabEventTypes.released).filter((e) => e.data['sessionId'] === 'api-s-2'),
        (e) => e.length > 0,
      );
      const id = released[0]?.data['labRecordId'] as string;
      const status = async () =>
        (await svc.http.get(`/api/lab-records/${id}`).set('authorization', manager)).body.status as string;
      expect(await status()).toBe('WIPED');

      const cmlLabId = (await svc.http.get(`/api/lab-records/${id}`).set('authorization', manager)).body
        .cmlLabId as string;
      expect((await svc.http.post(`/api/lab-records/${id}/start`).set('authorization', admin)).status).toBe(
        202,
      );
      expect(await pollUntil(status, (s) => s === 'STARTED')).toBe('STARTED');
      expect((await svc.http.post(`/api/lab-records/${id}/wipe`).set('authorization', admin)).status).toBe(
        409,
      );
      expect((await svc.http.post(`/api/lab-records/${id}/stop`).set('authorization', admin)).status).toBe(
        202,
      );
      expect(await pollUntil(status, (s) => s === 'STOPPED')).toBe('STOPPED');
      expect((await svc.http.delete(`/api/lab-records/${id}`).set('authorization', admin)).status).toBe(202);
      expect(await pollUntil(status, (s) => s === 'DELETED')).toBe('DELETED');
      expect(cml.control.state().labs.map((l) => l.id)).not.toContain(cmlLabId);
    });

    it('answers 400 naming the field for an unknown status filter', async () => {
      const res = await svc.http
        .get('/api/lab-records?status=FLYING')
        .set('authorization', svc.token('admin'));
      expect(res.status).toBe(400);
    });
  });
});

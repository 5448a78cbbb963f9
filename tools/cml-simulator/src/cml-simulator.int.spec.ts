import { type CmlSimulator, startCmlSimulator } from './cml-simulator';
import { buildTopology } from './topology-builder';

interface Reply {
  status: number;
  body: unknown;
}

async function call(
  sim: CmlSimulator,
  method: string,
  path: string,
  init: { token?: string; body?: unknown } = {},
) {
  const response = await fetch(`${sim.url}${path.startsWith('/_sim') ? '' : '/api/v0'}${path}`, {
    method,
    headers: {
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined } as Reply;
}

async function login(sim: CmlSimulator, username = 'admin', password = 'admin'): Promise<string> {
  const { status, body } = await call(sim, 'POST', '/authenticate', { body: { username, password } });
  expect(status).toBe(200);
  return body as string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Simulated time: delays (boot, convergence, licensing) pass when a test says so, not by sleeping, so a
// busy CI machine cannot make a step land on the wrong side of a delay.
let clockMs = Date.parse('2026-01-01T00:00:00Z');
const now = () => clockMs;
const advance = (ms: number) => {
  clockMs += ms;
};

describe('startCmlSimulator', () => {
  let sim: CmlSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startCmlSimulator({ nodeBootDelayMs: 60, licenseRegistrationDelayMs: 60, now });
    token = await login(sim);
  });
  afterEach(() => sim.control.reset());
  afterAll(() => sim.close());

  describe('authentication', () => {
    it('answers a login with a signed JWT as a JSON string and accepts it as a bearer token', async () => {
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const [header, payload] = token
        .split('.')
        .slice(0, 2)
        .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
      expect(header.alg).toBe('HS256');
      expect(payload.exp - payload.iat).toBe(8 * 3600);

      expect(await call(sim, 'GET', '/authok', { token })).toEqual({ status: 200, body: 'OK' });
    });

    it('refuses wrong credentials with 403 and CML error body', async () => {
      const reply = await call(sim, 'POST', '/authenticate', {
        body: { username: 'admin', password: 'nope' },
      });

      expect(reply).toEqual({ status: 403, body: { code: 403, description: 'Authentication failed!' } });
    });

    it('answers 401 without a token and after the tokens were expired through /_sim', async () => {
      expect((await call(sim, 'GET', '/labs')).status).toBe(401);

      expect((await call(sim, 'POST', '/_sim/tokens/expire')).status).toBe(204);

      const reply = await call(sim, 'GET', '/labs', { token });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ code: 401, description: expect.stringMatching(/invalid or has expired/) });
      token = await login(sim);
    });
  });

  describe('labs', () => {
    it('imports a valid topology and shows the lab, with the topology as imported, in /_sim/state', async () => {
      const topology = buildTopology({ nodeCount: 3, title: 'Imported lab' });

      const imported = await call(sim, 'POST', '/import', { token, body: topology });

      expect(imported).toEqual({ status: 200, body: { id: expect.any(String), warnings: [] } });
      const labId = (imported.body as { id: string }).id;
      const lab = await call(sim, 'GET', `/labs/${labId}`, { token });
      expect(lab.body).toMatchObject({
        lab_title: 'Imported lab',
        state: 'DEFINED_ON_CORE',
        node_count: 3,
        link_count: 2,
      });
      const state = (await call(sim, 'GET', '/_sim/state')).body as {
        labs: Array<{ id: string; topology: unknown }>;
      };
      expect(state.labs).toEqual([expect.objectContaining({ id: labId, topology })]);
    });

    it('rejects an import that breaks the Topology schema with 400 and CML error body', async () => {
      const reply = await call(sim, 'POST', '/import', {
        token,
        body: { lab: { title: 'no version' }, nodes: [] },
      });

      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        code: 400,
        description: expect.stringContaining("/lab: must have required property 'version'"),
      });
      expect(sim.control.state().labs).toEqual([]);
    });

    it('runs the lab lifecycle: start, converge, refuse wipe while started, stop, wipe, delete', async () => {
      const { body } = await call(sim, 'POST', '/import', { token, body: buildTopology({ nodeCount: 2 }) });
      const labId = (body as { id: string }).id;

      expect((await call(sim, 'PUT', `/labs/${labId}/start`, { token })).status).toBe(204);
      expect((await call(sim, 'GET', `/labs/${labId}/state`, { token })).body).toBe('STARTED');
      expect((await call(sim, 'GET', `/labs/${labId}/check_if_converged`, { token })).body).toBe(false);
      advance(80);
      expect((await call(sim, 'GET', `/labs/${labId}/check_if_converged`, { token })).body).toBe(true);
      const elements = (await call(sim, 'GET', `/labs/${labId}/lab_element_state`, { token })).body as {
        nodes: Record<string, string>;
      };
      expect(Object.values(elements.nodes)).toEqual(['BOOTED', 'BOOTED']);

      const wipe = await call(sim, 'PUT', `/labs/${labId}/wipe`, { token });
      expect(wipe).toEqual({
        status: 400,
        body: { code: 400, description: expect.stringMatching(/is STARTED/) },
      });
      const remove = await call(sim, 'DELETE', `/labs/${labId}`, { token });
      expect(remove.status).toBe(400);

      expect((await call(sim, 'PUT', `/labs/${labId}/stop`, { token })).status).toBe(204);
      expect((await call(sim, 'PUT', `/labs/${labId}/wipe`, { token })).status).toBe(204);
      expect((await call(sim, 'DELETE', `/labs/${labId}`, { token })).status).toBe(204);
      expect((await call(sim, 'GET', `/labs/${labId}`, { token })).status).toBe(404);
    });

    it('reports running nodes in system_stats while a lab is started', async () => {
      const { body } = await call(sim, 'POST', '/import', { token, body: buildTopology({ nodeCount: 4 }) });
      await call(sim, 'PUT', `/labs/${(body as { id: string }).id}/start`, { token });

      const stats = (await call(sim, 'GET', '/system_stats', { token })).body as {
        computes: Record<string, { stats: { dominfo: { running_nodes: number } } }>;
      };

      expect(Object.values(stats.computes)[0].stats.dominfo.running_nodes).toBe(4);
    });
  });

  describe('users and associations', () => {
    it('creates a user (201), finds its id by name, associates it to a lab and lets it log in', async () => {
      const created = await call(sim, 'POST', '/users', {
        token,
        body: { username: 'session-1', password: 's3cret!' },
      });
      expect(created.status).toBe(201);
      const userId = (created.body as { id: string }).id;
      expect((await call(sim, 'GET', '/users/session-1/id', { token })).body).toBe(userId);
      const { body } = await call(sim, 'POST', '/import', { token, body: buildTopology() });
      const labId = (body as { id: string }).id;

      const associated = await call(sim, 'PATCH', `/labs/${labId}/associations`, {
        token,
        body: { users: [{ id: userId, permissions: ['lab_exec'] }] },
      });

      expect(associated.body).toEqual({ groups: [], users: [{ id: userId, permissions: ['lab_exec'] }] });
      expect(sim.control.state().associations).toEqual([
        { labId, userId, username: 'session-1', permissions: ['lab_exec'] },
      ]);
      const userToken = await login(sim, 'session-1', 's3cret!');
      expect((await call(sim, 'GET', `/labs/${labId}`, { token: userToken })).status).toBe(200);
    });

    it('deletes a user, its associations and its tokens', async () => {
      const { body } = await call(sim, 'POST', '/users', {
        token,
        body: { username: 'gone', password: 'pw' },
      });
      const userId = (body as { id: string }).id;
      const userToken = await login(sim, 'gone', 'pw');

      expect((await call(sim, 'DELETE', `/users/${userId}`, { token })).status).toBe(204);

      expect((await call(sim, 'GET', '/users/gone/id', { token })).status).toBe(404);
      expect((await call(sim, 'GET', '/authok', { token: userToken })).status).toBe(401);
    });

    it('keeps user administration to administrators', async () => {
      await call(sim, 'POST', '/users', { token, body: { username: 'plain', password: 'pw' } });
      const plain = await login(sim, 'plain', 'pw');

      const reply = await call(sim, 'POST', '/users', {
        token: plain,
        body: { username: 'x', password: 'y' },
      });

      expect(reply.status).toBe(403);
    });
  });

  describe('system and licensing', () => {
    it('says ready only after the configured boot delay', async () => {
      const booting = await startCmlSimulator({ bootDelayMs: 80, now });
      try {
        const information = await call(booting, 'GET', '/system_information');
        expect(information.body).toMatchObject({ ready: false, version: '2.9.0+build.3' });
        advance(100);
        expect((await call(booting, 'GET', '/system_information')).body).toMatchObject({ ready: true });
      } finally {
        await booting.close();
      }
    });

    it('completes a registration after the delay and answers a deregistration with 202, then 400', async () => {
      expect(
        (await call(sim, 'POST', '/licensing/registration', { token, body: { token: 'abc123' } })).status,
      ).toBe(204);
      const registration = async () =>
        ((await call(sim, 'GET', '/licensing', { token })).body as { registration: { status: string } })
          .registration.status;
      expect(await registration()).toBe('IN_PROGRESS');
      advance(80);
      expect(await registration()).toBe('REGISTERED');

      expect(await call(sim, 'DELETE', '/licensing/deregistration', { token })).toEqual({
        status: 202,
        body: undefined,
      });
      expect(await registration()).toBe('UNREGISTERED');
      expect((await call(sim, 'DELETE', '/licensing/deregistration', { token })).status).toBe(400);
    });
  });

  describe('fault injection', () => {
    it('fails the next N matching calls with the given status and CML error body', async () => {
      await call(sim, 'POST', '/_sim/faults', {
        body: { fault: { type: 'status', status: 503 }, times: 2, method: 'GET', pathPattern: '^/labs$' },
      });

      expect((await call(sim, 'GET', '/labs', { token })).body).toEqual({
        code: 503,
        description: 'Simulated fault: 503',
      });
      expect((await call(sim, 'GET', '/authok', { token })).status).toBe(200);
      expect((await call(sim, 'GET', '/labs', { token })).status).toBe(503);
      expect((await call(sim, 'GET', '/labs', { token })).status).toBe(200);
    });

    it('delays a call by the given time', async () => {
      sim.control.injectFault({ fault: { type: 'delay', delayMs: 120 } });
      const started = Date.now();

      expect((await call(sim, 'GET', '/authok', { token })).status).toBe(200);

      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    });

    it('leaves a hung call unanswered until the caller gives up', async () => {
      sim.control.injectFault({ fault: { type: 'hang' } });

      const hung = fetch(`${sim.url}/api/v0/authok`, { signal: AbortSignal.timeout(100) });

      await expect(hung).rejects.toThrow(/timeout|aborted/i);
      expect((await call(sim, 'GET', '/authok', { token })).status).toBe(200);
    });

    it('drops the connection of a call', async () => {
      sim.control.injectFault({ fault: { type: 'drop' } });

      await expect(fetch(`${sim.url}/api/v0/authok`)).rejects.toThrow(/fetch failed/);
    });

    it('logs the calls it answered, without request bodies', async () => {
      sim.control.clearExchanges();
      await call(sim, 'POST', '/authenticate', { body: { username: 'admin', password: 'admin' } });

      const log = (await call(sim, 'GET', '/_sim/requests')).body;

      expect(log).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/authenticate',
          route: '/authenticate',
          status: 200,
        }),
      ]);
      expect(JSON.stringify(log)).not.toContain('admin');
    });
  });

  it('closes twice without complaint, cutting a hung call', async () => {
    const other = await startCmlSimulator();
    other.control.injectFault({ fault: { type: 'hang' } });
    const hung = fetch(`${other.url}/api/v0/system_information`).catch((error: Error) => error);
    await sleep(20);

    await Promise.all([other.close(), other.close()]);

    expect(await hung).toEqual(expect.objectContaining({ message: 'fetch failed' }));
  });
});

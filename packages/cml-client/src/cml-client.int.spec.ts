import { inspect } from 'node:util';
import { type CmlSimulator, buildTopology, startCmlSimulator } from '@lcm/cml-simulator';
import { stringify } from 'yaml';
import { CmlClient } from './cml-client';
import type { CmlClientOptions } from './cml-client-options';
import { CmlError } from './cml-error';

const PASSWORD = 'Adm1n-Pa55word';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<CmlError> {
  try {
    await promise;
  } catch (error) {
    if (CmlError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('CmlClient against the CML simulator', () => {
  let sim: CmlSimulator;
  const clients: CmlClient[] = [];

  function clientFor(overrides: Partial<CmlClientOptions> = {}): CmlClient {
    const client = new CmlClient({
      baseUrl: sim.url,
      credentials: { username: 'admin', password: PASSWORD },
      timeoutMs: 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...overrides,
    });
    clients.push(client);
    return client;
  }

  const calls = (method: string, pathPattern: RegExp) =>
    sim.control.exchanges().filter((e) => e.method === method && pathPattern.test(e.path));
  const logins = () => calls('POST', /^\/authenticate$/).length;

  beforeAll(async () => {
    sim = await startCmlSimulator({
      admin: { username: 'admin', password: PASSWORD },
      nodeBootDelayMs: 50,
      licenseRegistrationDelayMs: 50,
    });
  });
  afterEach(() => {
    clients.splice(0).forEach((client) => client.close());
    sim.control.reset();
  });
  afterAll(() => sim.close());

  describe('authentication', () => {
    it('logs in once and reuses the token for many calls, concurrent ones included', async () => {
      const client = clientFor();

      await Promise.all([client.listLabs(), client.authOk(), client.systemStats(), client.systemHealth()]);
      await client.listLabs();
      await client.licensing();

      expect(logins()).toBe(1);
    });

    it('needs no token for system_information', async () => {
      const information = await clientFor().systemInformation();

      expect(information).toMatchObject({ ready: true, version: expect.stringMatching(/^2\.9\./) });
      expect(logins()).toBe(0);
    });

    it('logs in again once on a 401 and retries the call', async () => {
      const client = clientFor();
      await client.listLabs();
      sim.control.expireTokens();

      await expect(client.listLabs()).resolves.toEqual([]);

      expect(logins()).toBe(2);
      expect(sim.control.exchanges().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
        'POST /authenticate 200',
        'GET /labs 200',
        'GET /labs 401',
        'POST /authenticate 200',
        'GET /labs 200',
      ]);
    });

    it('gives up with kind auth when the fresh token is refused too', async () => {
      const client = clientFor();
      sim.control.injectFault({ fault: { type: 'status', status: 401 }, times: 2, pathPattern: '^/labs$' });

      const error = await failureOf(client.listLabs());

      expect(error).toMatchObject({ kind: 'auth', status: 401 });
      expect(logins()).toBe(2);
    });

    it('reports refused credentials as kind auth with CML code and description, never the password or token', async () => {
      const good = clientFor();
      await good.authOk();
      const client = clientFor({ credentials: { username: 'admin', password: 'wrong-password' } });

      const error = await failureOf(client.listLabs());

      expect(error).toMatchObject({
        kind: 'auth',
        status: 403,
        code: 403,
        description: 'Authentication failed!',
      });
      expect(error.message).toMatch(/POST \/authenticate .* refused the login of admin/);
      const token = sim.control.exchanges()[0].responseBody as string;
      for (const rendering of [
        inspect(error, { depth: 5 }),
        JSON.stringify(error),
        inspect(good),
        inspect(client),
      ]) {
        expect(rendering).not.toContain('wrong-password');
        expect(rendering).not.toContain(PASSWORD);
        expect(rendering).not.toContain(token);
      }
    });
  });

  describe('retries', () => {
    it('retries an idempotent call on 5xx and succeeds', async () => {
      const client = clientFor();
      sim.control.injectFault({ fault: { type: 'status', status: 503 }, times: 2, pathPattern: '^/labs$' });

      await expect(client.listLabs()).resolves.toEqual([]);

      expect(calls('GET', /^\/labs$/).map((e) => e.status)).toEqual([503, 503, 200]);
    });

    it('gives up after the last attempt with the 5xx as kind http', async () => {
      const client = clientFor();
      sim.control.injectFault({
        fault: { type: 'status', status: 500 },
        times: 'always',
        pathPattern: '^/labs$',
      });

      const error = await failureOf(client.listLabs());

      expect(error).toMatchObject({
        kind: 'http',
        status: 500,
        code: 500,
        description: 'Simulated fault: 500',
      });
      expect(calls('GET', /^\/labs$/)).toHaveLength(3);
    });

    it('never retries an import, which is a POST that could create a second lab', async () => {
      const client = clientFor();
      sim.control.injectFault({
        fault: { type: 'status', status: 502 },
        method: 'POST',
        pathPattern: '^/import$',
      });

      const error = await failureOf(client.importTopology(buildTopology()));

      expect(error).toMatchObject({ kind: 'http', status: 502 });
      expect(calls('POST', /^\/import$/)).toHaveLength(1);
    });

    it('retries a dropped connection and succeeds', async () => {
      const client = clientFor();
      await client.authOk();
      sim.control.injectFault({ fault: { type: 'drop' }, pathPattern: '^/system_stats$' });

      await expect(client.systemStats()).resolves.toHaveProperty('computes');
    });
  });

  describe('timeouts', () => {
    it('fails a call that gets no answer within the timeout with kind timeout', async () => {
      const client = clientFor({ timeoutMs: 150, retry: { maxAttempts: 1 } });
      await client.authOk();
      sim.control.injectFault({ fault: { type: 'hang' }, pathPattern: '^/labs$' });
      const started = Date.now();

      const error = await failureOf(client.listLabs());

      expect(error.kind).toBe('timeout');
      expect(error.message).toMatch(/GET \/labs .* timed out after 150 ms/);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('retries a timed-out idempotent call', async () => {
      const client = clientFor({ timeoutMs: 150 });
      await client.authOk();
      sim.control.injectFault({ fault: { type: 'hang' }, pathPattern: '^/labs$' });

      await expect(client.listLabs()).resolves.toEqual([]);
    });
  });

  describe('circuit breaker', () => {
    const breakerOptions = {
      retry: { maxAttempts: 1 },
      circuitBreaker: { failureThreshold: 3, cooldownMs: 150 },
    };

    it('opens after N consecutive failures and then fails fast without calling CML', async () => {
      const client = clientFor(breakerOptions);
      await client.authOk();
      sim.control.injectFault({
        fault: { type: 'status', status: 500 },
        times: 'always',
        pathPattern: '^/system_stats$',
      });
      for (let i = 0; i < 3; i += 1) expect((await failureOf(client.systemStats())).kind).toBe('http');
      const sent = sim.control.exchanges().length;

      const error = await failureOf(client.listLabs());

      expect(error.kind).toBe('circuitOpen');
      expect(error.message).toMatch(/circuit open for another \d+ ms/);
      expect(client.circuitState).toBe('open');
      expect(sim.control.exchanges()).toHaveLength(sent);
    });

    it('lets one trial call through after the cool-down and closes when it succeeds', async () => {
      const client = clientFor(breakerOptions);
      await client.authOk();
      sim.control.injectFault({
        fault: { type: 'status', status: 503 },
        times: 3,
        pathPattern: '^/system_stats$',
      });
      for (let i = 0; i < 3; i += 1) await failureOf(client.systemStats());
      expect(client.circuitState).toBe('open');

      await sleep(160);
      expect(client.circuitState).toBe('halfOpen');
      await expect(client.systemStats()).resolves.toHaveProperty('computes');

      expect(client.circuitState).toBe('closed');
    });

    it('opens again when the trial call fails', async () => {
      const client = clientFor(breakerOptions);
      await client.authOk();
      sim.control.injectFault({
        fault: { type: 'status', status: 500 },
        times: 4,
        pathPattern: '^/system_stats$',
      });
      for (let i = 0; i < 3; i += 1) await failureOf(client.systemStats());
      await sleep(160);

      expect((await failureOf(client.systemStats())).kind).toBe('http');

      expect(client.circuitState).toBe('open');
      expect((await failureOf(client.systemStats())).kind).toBe('circuitOpen');
    });

    it('counts an unreachable controller as failures', async () => {
      const closed = await startCmlSimulator();
      await closed.close();
      const client = new CmlClient({
        baseUrl: closed.url,
        credentials: { username: 'admin', password: PASSWORD },
        ...breakerOptions,
      });
      clients.push(client);

      for (let i = 0; i < 3; i += 1) expect((await failureOf(client.listLabs())).kind).toBe('unreachable');

      expect((await failureOf(client.listLabs())).kind).toBe('circuitOpen');
    });
  });

  describe('labs', () => {
    it('imports a YAML topology: the lab exists on CML with its nodes and the topology as sent', async () => {
      const client = clientFor();
      const topology = buildTopology({ nodeCount: 3, title: 'From YAML' });

      const { id } = await client.importTopology(stringify(topology));

      expect(await client.getLab(id)).toMatchObject({
        lab_title: 'From YAML',
        state: 'DEFINED_ON_CORE',
        node_count: 3,
      });
      expect(sim.control.state().labs).toEqual([expect.objectContaining({ id, nodeCount: 3, topology })]);
      const { nodes } = await client.labTopology(id);
      expect(nodes.map((node) => node.label)).toEqual(['r1', 'r2', 'r3']);
    });

    it('surfaces a rejected import as kind http with CML code and description', async () => {
      const error = await failureOf(
        clientFor().importTopology('lab:\n  title: no version\nnodes: []\nlinks: []\n'),
      );

      expect(error).toMatchObject({ kind: 'http', status: 400, code: 400 });
      expect(error.description).toMatch(/must have required property 'version'/);
    });

    it('refuses to wipe a started lab with CML code and description', async () => {
      const client = clientFor();
      const { id } = await client.importTopology(buildTopology());
      await client.startLab(id);

      const error = await failureOf(client.wipeLab(id));

      expect(error).toMatchObject({
        kind: 'http',
        status: 400,
        code: 400,
        description: `Lab ${id} is STARTED; stop it before wiping its nodes`,
      });
    });

    it('starts a lab until it converges, then stops, wipes and deletes it', async () => {
      const client = clientFor();
      const { id } = await client.importTopology(buildTopology({ nodeCount: 2 }), { title: 'Lifecycle' });

      await client.startLab(id);
      expect(await client.labState(id)).toBe('STARTED');
      while (!(await client.checkIfConverged(id))) await sleep(10);
      expect(Object.values((await client.labElementState(id)).nodes)).toEqual(['BOOTED', 'BOOTED']);
      const stats = await client.systemStats();
      expect(Object.values(stats.computes ?? {})[0].stats.dominfo.running_nodes).toBe(2);

      await client.stopLab(id);
      await client.wipeLab(id);
      await client.deleteLab(id);

      expect(await client.listLabs()).toEqual([]);
      expect((await failureOf(client.getLab(id))).status).toBe(404);
    });

    it('creates, patches and downloads a lab', async () => {
      const client = clientFor();
      const lab = await client.createLab({ title: 'Blank' });

      const patched = await client.patchLab(lab.id as string, { description: 'for tests' });

      expect(patched).toMatchObject({ lab_title: 'Blank', lab_description: 'for tests' });
      expect(await client.downloadLab(lab.id as string)).toMatch(/title: Blank/);
    });
  });

  describe('licensing', () => {
    it('registers, polls until REGISTERED, and treats the 202 of deregistration as done', async () => {
      const client = clientFor();

      await client.registerLicense('registration-token-1');
      let status = (await client.licensing()).registration?.status;
      while (status !== 'REGISTERED') {
        await sleep(10);
        status = (await client.licensing()).registration?.status;
      }

      await expect(client.deregisterLicense()).resolves.toEqual({
        status: 202,
        outcome: 'DEREGISTERED_LOCALLY',
      });
      await expect(client.deregisterLicense()).resolves.toEqual({
        status: 400,
        outcome: 'ALREADY_DEREGISTERED',
      });
    });
  });

  describe('users and associations', () => {
    it('creates a session user, grants it lab_exec on a lab, finds it by name and deletes it', async () => {
      const client = clientFor();
      const { id: labId } = await client.importTopology(buildTopology());

      const user = await client.createUser({ username: 'session-42', password: 'random-pw' });
      const associations = await client.grantLabExec(labId, user.id as string);

      expect(associations.users).toEqual([{ id: user.id, permissions: ['lab_view', 'lab_exec'] }]);
      expect(await client.labAssociations(labId)).toEqual(associations);
      expect(sim.control.state().associations).toEqual([
        { labId, userId: user.id, username: 'session-42', permissions: ['lab_view', 'lab_exec'] },
      ]);
      expect(await client.userIdByName('session-42')).toBe(user.id);

      await client.deleteUser(user.id as string);

      expect(await failureOf(client.userIdByName('session-42'))).toMatchObject({ kind: 'http', status: 404 });
      expect(sim.control.state().associations).toEqual([]);
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import { runCli } from './run-cli';

/** A stand-in for the three services: records what it was asked and answers like them. */
function fakeServices(options: { eventStream?: boolean } = {}) {
  const calls: Array<{ method: string; path: string; body: unknown; auth?: string }> = [];
  const statuses = ['PENDING', 'SCHEDULED', 'READY', 'READY', 'RUNNING', 'STOPPED'];
  let polls = 0;
  const session = (status: string) => ({
    id: 's-1',
    ownerId: 'dev-user',
    definitionName: 'ccna',
    definitionVersion: '1.0.0',
    status,
    timeslotStart: '2026-11-25T10:00:00.000Z',
    timeslotEnd: '2026-11-25T11:00:00.000Z',
    workerId: null,
  });
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    calls.push({
      method: req.method,
      path: req.originalUrl,
      body: req.body,
      auth: req.headers.authorization,
    });
    next();
  });
  app.post('/api/lablet-sessions', (_req, res) => void res.status(201).json(session('PENDING')));
  app.get(
    '/api/lablet-sessions/s-9',
    (_req, res) =>
      void res.json({
        ...session('CANCELLED'),
        id: 's-9',
        history: [
          {
            at: '2026-11-25T09:00:00.000Z',
            status: 'PENDING',
            action: 'STATUS_CHANGED',
            reason: null,
            by: 'dev-user',
          },
          {
            at: '2026-11-25T09:05:00.000Z',
            status: 'CANCELLED',
            action: 'STATUS_CHANGED',
            reason: 'ADMIN_TERMINATED',
            by: 'ada',
          },
        ],
      }),
  );
  app.get(
    '/api/lablet-definitions/d-1',
    (_req, res) =>
      void res.json({
        id: 'd-1',
        name: 'ccna',
        version: '1.0.0',
        enabled: false,
        topologyYaml: 'nodes: []',
        history: [
          { at: '2026-11-25T08:00:00.000Z', action: 'CREATED', by: 'mia' },
          { at: '2026-11-25T08:30:00.000Z', action: 'DISABLED', by: 'ada' },
        ],
      }),
  );
  app.get('/api/lablet-sessions', (_req, res) => void res.json([session('RUNNING')]));
  if (options.eventStream !== false) {
    // session-manager's event stream: another session's event, a late one older than what was read, then
    // the session's way to its end.
    app.get('/api/events/stream', (_req, res) => {
      res.set('content-type', 'text/event-stream').flushHeaders();
      res.write('retry: 3000\n\n: keep-alive\n\n');
      const send = (n: number, subject: string, status: string, time: string) =>
        res.write(
          `id: 1-${n}\ndata: ${JSON.stringify({ type: 'io.lcm.session.status-changed.v1', subject, time, data: { status } })}\n\n`,
        );
      send(1, 's-2', 'FAILED', '2026-11-25T09:01:00.000Z');
      ['SCHEDULED', 'READY', 'RUNNING', 'STOPPED'].forEach((status, i) =>
        send(i + 2, 's-1', status, `2026-11-25T09:0${i + 2}:00.000Z`),
      );
    });
  }
  app.get(
    '/api/lablet-sessions/s-1',
    (_req, res) => void res.json(session(statuses[Math.min(polls++, statuses.length - 1)])),
  );
  app.get(
    '/api/lablet-sessions/gone/access',
    (_req, res) =>
      void res.status(409).type('application/problem+json').send({
        title: 'Conflict',
        status: 409,
        detail: 'session gone is STOPPED; access is only given while READY or RUNNING',
      }),
  );
  app.post('/api/lablet-definitions', (req, res) => {
    if (!req.body.topologyYaml) {
      return void res.status(400).json({
        title: 'Bad Request',
        status: 400,
        detail: 'invalid',
        errors: [{ path: 'body.topologyYaml', message: 'Required' }],
      });
    }
    res.status(201).json({ id: 'd-1', name: req.body.name, version: req.body.version });
  });
  app.get(
    '/api/workers',
    (_req, res) =>
      void res.json([
        {
          id: 'w-1',
          name: 'worker-1',
          templateName: 'small',
          status: 'RUNNING',
          region: 'us-east-1',
          httpsEndpoint: 'https://10.0.0.5',
        },
      ]),
  );
  app.get(
    '/api/workers/w-1',
    (_req, res) =>
      void res.json({
        id: 'w-1',
        name: 'worker-1',
        templateName: 'small',
        status: 'STOPPED',
        region: 'us-east-1',
        httpsEndpoint: null,
        history: [
          { at: '2026-03-02T09:00:00.000Z', action: 'create', by: 'ops-1', to: 'RUNNING' },
          {
            at: '2026-03-02T11:00:00.000Z',
            action: 'stop',
            by: 'system:idle-timeout',
            from: 'RUNNING',
            to: 'STOPPED',
          },
        ],
      }),
  );
  return { app, calls, polls: () => polls };
}

describe('lcm CLI', () => {
  let server: Server;
  let fake: ReturnType<typeof fakeServices>;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = fakeServices();
    server = fake.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    env = {
      LCM_WORKER_MANAGER_URL: url,
      LCM_LAB_MANAGER_URL: url,
      LCM_SESSION_MANAGER_URL: url,
      AUTH_DEV_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'lcm-cli-')), 'issuer.json'),
    };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function run(...argv: string[]) {
    return runAgainst(env, ...argv);
  }

  async function runAgainst(against: Record<string, string>, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: against,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      sleep: async () => undefined,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('requests a session as the dev user and says which one', async () => {
    const result = await run('sessions', 'request', 'ccna', '--minutes', '45');
    expect(result).toMatchObject({ code: 0, out: 'requested session s-1 (PENDING)' });
    const call = fake.calls.find((c) => c.method === 'POST' && c.path === '/api/lablet-sessions');
    expect(call?.body).toEqual({ definitionName: 'ccna', durationMinutes: 45 });
    expect(call?.auth).toMatch(/^Bearer ey/);
  });

  it('prints a table by default and JSON with --json', async () => {
    const table = await run('workers', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+TEMPLATE\s+STATUS\s+REGION\s+ENDPOINT$/);
    expect(table.out).toContain('worker-1');
    const json = await run('workers', 'list', '--json');
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ id: 'w-1', status: 'RUNNING' })]);
  });

  it('shows a worker with its history: who did what, and when', async () => {
    const result = await run('workers', 'show', 'w-1');
    expect(result.code).toBe(0);
    const [record, history] = result.out.split('\n\n');
    expect(record).toContain('status:');
    expect(record).not.toContain('history');
    expect(history!.split('\n')).toEqual([
      'history:',
      expect.stringMatching(/^AT\s+ACTION\s+BY\s+FROM\s+TO$/),
      expect.stringMatching(/^2026-03-02T09:00:00.000Z\s+create\s+ops-1\s+-\s+RUNNING$/),
      expect.stringMatching(/^2026-03-02T11:00:00.000Z\s+stop\s+system:idle-timeout\s+RUNNING\s+STOPPED$/),
    ]);
  });

  it('shows a session and a definition with their history: who did what, and when', async () => {
    const shown = await run('sessions', 'show', 's-9');
    expect(shown.code).toBe(0);
    const [, history] = shown.out.split('\n\n');
    expect(history!.split('\n')).toEqual([
      'history:',
      expect.stringMatching(/^AT\s+STATUS\s+ACTION\s+REASON\s+BY$/),
      expect.stringMatching(/^2026-11-25T09:00:00.000Z\s+PENDING\s+STATUS_CHANGED\s+-\s+dev-user$/),
      expect.stringMatching(
        /^2026-11-25T09:05:00.000Z\s+CANCELLED\s+STATUS_CHANGED\s+ADMIN_TERMINATED\s+ada$/,
      ),
    ]);
    const definition = await run('definitions', 'show', 'd-1');
    expect(definition.code).toBe(0);
    const [record, changes] = definition.out.split('\n\n');
    expect(record).not.toContain('nodes: []');
    expect(changes!.split('\n').slice(2)).toEqual([
      expect.stringMatching(/^2026-11-25T08:00:00.000Z\s+CREATED\s+mia$/),
      expect.stringMatching(/^2026-11-25T08:30:00.000Z\s+DISABLED\s+ada$/),
    ]);
  });

  it('follows a session with --watch from the event stream, printing each status once, until it ends', async () => {
    const reads = () => fake.calls.filter((c) => c.path === '/api/lablet-sessions/s-1').length;
    const before = reads();
    const result = await run('sessions', 'show', 's-1', '--watch');
    const printed = result.out.split('\n').map((line) => line.split(/\s+/)[1]);
    expect(printed).toEqual(['PENDING', 'SCHEDULED', 'READY', 'RUNNING', 'STOPPED']);
    expect(reads() - before).toBe(1);
  });

  it('polls with --watch a session-manager that has no event stream', async () => {
    const old = fakeServices({ eventStream: false });
    const oldServer = old.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => oldServer.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(oldServer.address() as AddressInfo).port}`;
      const result = await runAgainst(
        { ...env, LCM_SESSION_MANAGER_URL: url },
        'sessions',
        'show',
        's-1',
        '--watch',
      );
      const printed = result.out.split('\n').map((line) => line.split(/\s+/)[1]);
      expect(printed).toEqual(['PENDING', 'SCHEDULED', 'READY', 'RUNNING', 'STOPPED']);
      expect(old.polls()).toBe(6);
    } finally {
      await new Promise((resolve) => oldServer.close(resolve));
    }
  });

  it('turns a problem+json answer into one readable line and exit code 1', async () => {
    const result = await run('sessions', 'access', 'gone');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      '409 Conflict: session gone is STOPPED; access is only given while READY or RUNNING',
    );
  });

  it('sends a definition file with its topology mapping as YAML text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lcm-def-')), 'def.yaml');
    writeFileSync(file, 'name: ccna\nversion: 1.0.0\ntopology:\n  nodes:\n    - id: n0\n      label: r1\n');
    const result = await run('definitions', 'create', file);
    expect(result).toMatchObject({ code: 0, out: 'created ccna@1.0.0 (d-1)' });
    const body = fake.calls.find((c) => c.path === '/api/lablet-definitions')?.body as {
      topologyYaml: string;
    };
    expect(body.topologyYaml).toContain('label: r1');
  });

  it('lists field errors under the message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lcm-def-')), 'def.yaml');
    writeFileSync(file, 'name: ccna\nversion: 1.0.0\n');
    const result = await run('definitions', 'create', file);
    expect(result.err).toBe('400 Bad Request: invalid\n  body.topologyYaml: Required');
  });

  it('explains its usage and exits 2 when misused', async () => {
    expect(await run('flying')).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: npm run lcm'),
    });
    expect(await run('sessions', 'request')).toMatchObject({ code: 2 });
    expect(await run('sessions', 'list', '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringContaining("Unknown option '--bogus'"),
    });
  });

  it('says how to fix an unreachable service', async () => {
    const out: string[] = [];
    const code = await runCli(['workers', 'list'], {
      env: { ...env, LCM_WORKER_MANAGER_URL: 'http://127.0.0.1:1' },
      out: () => undefined,
      err: (t) => out.push(t),
    });
    expect(code).toBe(1);
    expect(out[0]).toBe('cannot reach http://127.0.0.1:1 (is `npm start` running?)');
  });
});

import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Command } from '../mediator/request';
import { decodeJwt } from 'jose';
import { SERVICE_TOKENS, type ServiceTokens } from '../auth/service-tokens';
import { deleteRedisKeys } from '../testing/delete-redis-keys';
import { mingoDb } from '../testing/mingo-db';
import { type TestService, startTestService } from '../testing/start-test-service';
import { inboxReceipts, inboxService, notesService } from '../testing/example/example-services';
import type { CommonSettings } from './common-settings';
import { runService } from './run-service';
import { eventually } from '../testing/eventually';

describe('a service built from its definition, end to end', () => {
  let inbox: TestService<CommonSettings>;
  let notes: TestService<CommonSettings>;

  beforeAll(async () => {
    inbox = await startTestService(inboxService);
    notes = await startTestService(notesService, {
      env: { EVENT_SUBSCRIBERS: `${inbox.url}/events`, EVENT_DELIVERY_BACKOFF_MS: '50' },
    });
  });

  afterAll(async () => {
    await notes?.close();
    await inbox?.close();
  });

  it('carries a request from controller to aggregate to repository, and its CloudEvent to another service once', async () => {
    const id = randomUUID();
    const created = await notes.http
      .post('/api/notes')
      .set('authorization', notes.token('writer', 'ada'))
      .send({ id, title: 'first' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id, title: 'first', createdBy: 'ada', stateVersion: 1 });

    const [event] = notes.publishedEvents('io.example.note.created.v1');
    expect(event).toMatchObject({ source: '/notes', subject: id, data: { title: 'first' } });
    const receipt = await eventually(() => inboxReceipts.get(event.id));
    expect(receipt).toEqual({ title: 'first', count: 1 });

    // The sender's retry of an event the receiver already handled (e.g. the 2xx was lost on the way back).
    const again = await inbox.receive({
      type: event.type,
      source: event.source,
      id: event.id,
      data: event.data,
    });
    expect(again.status).toBe(202);
    expect(inboxReceipts.get(event.id)).toEqual({ title: 'first', count: 1 });
  });

  it('gets its own service token by client credentials from the embedded dev issuer, as client <service name>', async () => {
    const tokens = notes.container.get<ServiceTokens>(SERVICE_TOKENS);

    const authorization = await tokens.authorization();

    expect(decodeJwt(authorization.replace('Bearer ', ''))).toMatchObject({
      sub: 'service-account-notes',
      azp: 'notes',
      realm_access: { roles: ['service'] },
    });
    // The token authenticates (the test file's services share one issuer) but grants no user role.
    await notes.http.get(`/api/notes/${randomUUID()}`).set('authorization', authorization).expect(403);
    expect(await tokens.authorization()).toBe(authorization);
  });

  it('does not start when the token file for its sink cannot be read, naming the file', async () => {
    const missing = `/nonexistent/${randomUUID()}/token`;

    const failure = startTestService(notesService, {
      env: { K_SINK: 'http://broker-ingress.knative-eventing.svc/lcm/default', K_SINK_TOKEN_FILE: missing },
    });

    await expect(failure).rejects.toThrow(
      `invalid setting K_SINK_TOKEN_FILE: cannot read the token file ${missing}: ENOENT`,
    );
  });

  it('answers a save against a stale stateVersion with 409 problem+json and keeps the newer state', async () => {
    const id = randomUUID();
    const writer = notes.token('writer');
    await notes.http.post('/api/notes').set('authorization', writer).send({ id, title: 'v1' }).expect(201);
    await notes.http
      .patch(`/api/notes/${id}`)
      .set('authorization', writer)
      .set('if-match', '1')
      .send({ title: 'v2' })
      .expect(200);

    const stale = await notes.http
      .patch(`/api/notes/${id}`)
      .set('authorization', writer)
      .set('if-match', '1')
      .send({ title: 'lost update' });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect(stale.body.detail).toContain('expected stateVersion 1');

    const read = await notes.http.get(`/api/notes/${id}`).set('authorization', notes.token('reader'));
    expect(read.body).toMatchObject({ title: 'v2', stateVersion: 2 });
  });

  it('refuses invalid input with 400 and field errors, and checks tokens and roles', async () => {
    const invalid = await notes.http
      .post('/api/notes')
      .set('authorization', notes.token('writer'))
      .send({ id: 'not-a-uuid', title: 42 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.id',
      'body.title',
    ]);

    await notes.http.get(`/api/notes/${randomUUID()}`).expect(401);
    await notes.http
      .post('/api/notes')
      .set('authorization', notes.token('reader'))
      .send({ id: randomUUID(), title: 'x' })
      .expect(403);
    const missing = await notes.http
      .get(`/api/notes/${randomUUID()}`)
      .set('authorization', notes.token('reader'));
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/^note .* was not found$/);
  });

  it('serves health, metrics and an OpenAPI document listing its routes', async () => {
    await notes.http.get('/health/live').expect(200);
    const ready = await notes.http.get('/health/ready');
    expect(ready.status).toBe(200);
    const metrics = await notes.http.get('/metrics');
    expect(metrics.text).toContain('lcm_mediator_request_duration_seconds');
    const doc = await notes.http.get('/api/docs/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/notes', '/api/notes/{id}']));
  });
});

describe('readiness of the job schedulers', () => {
  class Tidy extends Command {}

  it('answers 503 naming a declared scheduler Redis lost, and 200 again once the probe had it re-created', async () => {
    const service = await startTestService(notesService, {
      configure: ({ jobs }) => void jobs.schedule('tidy', { cron: '0 3 * * *' }, () => new Tidy()),
    });
    const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    const queue = new Queue('notes-jobs', { connection, prefix: service.context.settings.REDIS_PREFIX });
    try {
      const ready = await service.http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.checks['job-schedulers']).toEqual({ ok: true });

      await queue.removeJobScheduler('tidy');

      const lost = await service.http.get('/health/ready');
      expect(lost.status).toBe(503);
      expect(lost.body.checks['job-schedulers']).toEqual({
        ok: false,
        detail: 'job schedulers missing from Redis: tidy',
      });
      const deadline = Date.now() + 10_000;
      while ((await service.http.get('/health/ready')).status !== 200) {
        if (Date.now() > deadline) throw new Error('readiness did not recover within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await queue.getJobScheduler('tidy')).toMatchObject({ pattern: '0 3 * * *' });
    } finally {
      await queue.close();
      connection.disconnect();
      await service.close();
    }
  });
});

describe('two replicas of a service sharing one database and one Redis prefix', () => {
  const prefix = `test-notes-replicas-${randomUUID().slice(0, 8)}`;
  let inbox: TestService<CommonSettings>;
  let replicas: TestService<CommonSettings>[];

  beforeAll(async () => {
    inbox = await startTestService(inboxService);
    const database = mingoDb();
    const env = {
      REDIS_PREFIX: prefix,
      EVENT_SUBSCRIBERS: `${inbox.url}/events`,
      EVENT_DELIVERY_BACKOFF_MS: '50',
      OUTBOX_POLL_MS: '50',
    };
    replicas = await Promise.all([1, 2].map(() => startTestService(notesService, { database, env })));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await inbox?.close();
    await deleteRedisKeys('redis://127.0.0.1:6379', prefix);
  });

  it('reads on one what the other saved, refuses the second of two racing saves, and relays each event once', async () => {
    const [a, b] = replicas as [TestService<CommonSettings>, TestService<CommonSettings>];
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const created = await Promise.all(
      ids.map((id, i) => {
        const replica = i % 2 === 0 ? a : b;
        return replica.http
          .post('/api/notes')
          .set('authorization', replica.token('writer'))
          .send({ id, title: id });
      }),
    );
    expect(created.map((answer) => answer.status)).toEqual(ids.map(() => 201));
    const readBack = await b.http.get(`/api/notes/${ids[0]}`).set('authorization', b.token('reader'));
    expect(readBack.body).toMatchObject({ id: ids[0], stateVersion: 1 });

    const renames = await Promise.all(
      [a, b].map((replica, i) =>
        replica.http
          .patch(`/api/notes/${ids[1]}`)
          .set('authorization', replica.token('writer'))
          .set('if-match', '1')
          .send({ title: `renamed by ${i}` }),
      ),
    );
    expect(renames.map((answer) => answer.status).sort()).toEqual([200, 409]);

    // Both relays drain the one shared outbox: every event reaches the subscriber, none of them twice.
    const events = [
      ...a.publishedEvents('io.example.note.created.v1'),
      ...b.publishedEvents('io.example.note.created.v1'),
    ];
    expect(events).toHaveLength(ids.length);
    await eventually(() => (events.every((event) => inboxReceipts.has(event.id)) ? true : undefined));
    // The endpoint counts an event once it has answered the sender, a moment after the handler ran.
    const outcomes = async () => {
      const received = await inbox.context.metrics.eventsReceived.get();
      const created = received.values.filter((v) => v.labels['type'] === 'io.example.note.created.v1');
      return Object.fromEntries(created.map((v) => [v.labels['outcome'], v.value]));
    };
    await eventually(async () => (await outcomes())['handled'] === ids.length, 10_000, 'all events counted');
    expect(await outcomes()).toEqual({ handled: ids.length });
  });
});

describe('runService', () => {
  it('stops with one line naming a bad setting instead of a stack trace', async () => {
    const previous = process.env['PORT'];
    process.env['PORT'] = 'eighty';
    const errors: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const exit = jest.fn();
    try {
      await runService(notesService, exit);
    } finally {
      spy.mockRestore();
      if (previous === undefined) delete process.env['PORT'];
      else process.env['PORT'] = previous;
    }
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors).toEqual(['notes cannot start: invalid setting PORT: expected a number, got "eighty"']);
  });

  it('shuts down cleanly on SIGTERM that arrives while the service is still starting', async () => {
    let startedHook: () => void = () => undefined;
    const hookReached = new Promise<void>((resolve) => (startedHook = resolve));
    const slowStart = {
      ...notesService,
      // A start-up step that never ends, like a first sweep against an unreachable cloud.
      onStarted: () => {
        startedHook();
        return new Promise<void>(() => undefined);
      },
    };
    const previous = {
      port: process.env['PORT'],
      prefix: process.env['REDIS_PREFIX'],
      logLevel: process.env['LOG_LEVEL'],
    };
    const prefix = `lcm-test-run-service-${process.pid}`;
    process.env['PORT'] = '0';
    process.env['REDIS_PREFIX'] = prefix;
    process.env['LOG_LEVEL'] = 'silent';
    const exited = new Promise<number>((resolve) => void runService(slowStart, resolve));
    try {
      await hookReached;
      process.emit('SIGTERM', 'SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      for (const [name, value] of [
        ['PORT', previous.port],
        ['REDIS_PREFIX', previous.prefix],
        ['LOG_LEVEL', previous.logLevel],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await deleteRedisKeys('redis://127.0.0.1:6379', prefix);
    }
  });
});

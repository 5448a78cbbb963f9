import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { readFile, writeFile } from 'node:fs/promises';
import { DevIssuer } from '@lcm/neuro-core/hosting';
import { Redis } from 'ioredis';
import { EventSpy, type SeenEvent } from '../../e2e/src/event-spy';
import { LcmSystem, QUICK_TIMINGS } from '../../e2e/src/lcm-system';
import { type TemplatesFile, writeOnePoolTemplates } from '../../e2e/src/one-pool-templates';
import { RedisServer, eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';
import { type Secret, leaks } from './secret-scan';

/** Where the system under test listens (a free block of ports `LcmSystem` picks at start). */
let SERVICES: Record<'worker-manager' | 'lab-manager' | 'session-manager', string>;
let sessions: string;
let ec2: string;

/** A session reached its lab once it is READY, or RUNNING right after (the lab started). */
const REACHED = new Set(['READY', 'RUNNING']);

describe('scenario 3: Redis restarts and is flushed while sessions are requested', () => {
  const spy = new EventSpy();
  const system = new LcmSystem();
  const client = new RecordingClient();
  const secrets: Secret[] = [];
  /** Session passwords, by the owner's token: each may appear in its owner's `/access` answer only. */
  const passwords = new Map<string, string>();
  let redis: RedisServer;
  let templates: TemplatesFile | undefined;
  let issuer: DevIssuer;
  const owners = new Map<string, string>();
  /** Every session requested, with its owner. */
  const requested: Array<[string, string]> = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    templates = await writeOnePoolTemplates('Redis restart scenario');
    const sink = await spy.start();
    const cmlPassword = randomBytes(18).toString('base64url');
    const awsSecret = randomBytes(30).toString('base64url');
    secrets.push({ name: 'CML admin password', value: cmlPassword });
    secrets.push({ name: 'AWS secret access key', value: awsSecret });
    await system.start({
      REDIS_URL: redis.url,
      CML_SIM_ADMIN_PASSWORD: cmlPassword,
      CML_PASSWORD: cmlPassword,
      AWS_ACCESS_KEY_ID: 'AKIAFAULTSUITE000001',
      AWS_SECRET_ACCESS_KEY: awsSecret,
      K_SINK: sink,
      WORKER_TEMPLATES_FILE: templates.path,
      ...QUICK_TIMINGS,
      // Receivers log each CloudEvent they handle at debug level: what counts handling per receiver.
      LOG_LEVEL: 'debug',
    });
    const { ports } = system;
    SERVICES = {
      'worker-manager': `http://127.0.0.1:${ports.workerManager}`,
      'lab-manager': `http://127.0.0.1:${ports.labManager}`,
      'session-manager': `http://127.0.0.1:${ports.sessionManager}`,
    };
    sessions = `${SERVICES['session-manager']}/api/lablet-sessions`;
    ec2 = `http://127.0.0.1:${ports.ec2}`;
    issuer = await DevIssuer.load(system.keyFile);
    const keyFile = JSON.parse(await readFile(system.keyFile, 'utf8')) as {
      clients?: Record<string, string>;
      privateKey: { d: string };
    };
    for (const [id, secret] of Object.entries(keyFile.clients ?? {})) {
      secrets.push({ name: `client secret of ${id}`, value: secret });
    }
    secrets.push({ name: 'dev issuer private key', value: keyFile.privateKey.d });
  }, 120_000);

  afterAll(async () => {
    if (process.env['FAULTS_LOG_FILE'])
      await writeFile(process.env['FAULTS_LOG_FILE'], system.output.join('\n'));
    await system.stop();
    await spy.close();
    await redis?.kill();
    await templates?.remove();
  });

  async function ownerToken(owner: string): Promise<string> {
    const known = owners.get(owner);
    if (known) return known;
    const token = `Bearer ${await issuer.mint({ sub: owner, roles: ['user'] })}`;
    owners.set(owner, token);
    secrets.push({ name: `token of ${owner}`, value: token.slice('Bearer '.length) });
    return token;
  }

  /** Requests a session as a well-behaved client does: a 503 is retried after its `Retry-After`. */
  async function requestSession(owner: string): Promise<string> {
    const answer = await eventually(
      async () => {
        const attempt = await client.call(sessions, await ownerToken(owner), 'POST', {
          definitionName: 'two-router-basics',
          durationMinutes: 30,
        });
        if (attempt.status !== 503) return attempt;
        await new Promise((resolve) =>
          setTimeout(resolve, 1_000 * Number(attempt.headers.get('retry-after'))),
        );
        return undefined;
      },
      30_000,
      'a session request accepted',
    );
    expect(answer.status).toBe(201);
    requested.push([answer.body.id, owner]);
    return answer.body.id;
  }

  async function readiness(): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    for (const [name, url] of Object.entries(SERVICES)) {
      try {
        statuses[name] = (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status;
      } catch {
        statuses[name] = 0;
      }
    }
    return statuses;
  }

  async function statusOf(id: string, owner: string): Promise<string> {
    return (await client.call(`${sessions}/${id}`, await ownerToken(owner))).body?.status;
  }

  async function allReached(ids: Array<[string, string]>, timeoutMs: number): Promise<void> {
    await eventually(
      async () => {
        for (const [id, owner] of ids) if (!REACHED.has(await statusOf(id, owner))) return undefined;
        return true;
      },
      timeoutMs,
      () =>
        `every session READY; last lines:\n${system.output
          .filter((line) => !line.includes('request completed'))
          .slice(-30)
          .join('\n')}`,
    );
  }

  /**
   * Effects single: per session one scheduling, one lab, and no status transition twice; one CML lab and
   * one CML user per session, one EC2 instance per worker created.
   */
  async function expectEffectsSingle(): Promise<void> {
    const distinct = uniqueById(spy.events);
    figures['redeliveredToSink'] = spy.events.length - distinct.length;
    for (const [id] of requested) {
      const own = distinct.filter((event) => event.subject === id);
      const types = own.map((event) => event.type);
      expect({ id, duplicates: types.filter((type, i) => types.indexOf(type) !== i) }).toEqual({
        id,
        duplicates: [],
      });
      expect(own.filter((event) => event.type === 'io.lcm.session.scheduled.v1')).toHaveLength(1);
      const labs = distinct.filter(
        (event) => event.type === 'io.lcm.lab.ready.v1' && event.data['sessionId'] === id,
      );
      expect(labs).toHaveLength(1);
    }

    // Inventories: one CML lab and one CML user per session, one EC2 instance per worker created.
    const { instances } = (await (await fetch(`${ec2}/_sim/instances`)).json()) as {
      instances: Array<{ instanceId: string; state: string; tags: Record<string, string> }>;
    };
    const workersCreated = distinct.filter((event) => event.type === 'io.lcm.worker.created.v1');
    expect(instances).toHaveLength(workersCreated.length);
    let labs = 0;
    let users = 0;
    for (const instance of instances) {
      const endpoint = instance.tags['lcm:sim-endpoint'];
      if (!endpoint || instance.state !== 'running') continue;
      const state = (await (await fetch(`${endpoint}/_sim/state`)).json()) as {
        labs: unknown[];
        users: Array<{ admin: boolean }>;
      };
      labs += state.labs.length;
      users += state.users.filter((user) => !user.admin).length;
    }
    expect({ labs, users }).toEqual({ labs: requested.length, users: requested.length });
  }

  const figures: Record<string, number> = {};

  it('goes red and comes back green by itself after a restart, and the sessions requested around it reach READY', async () => {
    expect(Object.values(await readiness())).toEqual([200, 200, 200]);
    const before: Array<[string, string]> = [];
    for (const owner of ['ann', 'ben']) before.push([await requestSession(owner), owner]);

    await redis.kill();
    step('redis killed');
    const killedAt = Date.now();
    const red = await eventually(
      async () => {
        const statuses = await readiness();
        return Object.values(statuses).every((status) => status === 503) ? statuses : undefined;
      },
      30_000,
      'every /health/ready to fail while Redis is down',
    );
    expect(red).toEqual({ 'worker-manager': 503, 'lab-manager': 503, 'session-manager': 503 });
    // Reads keep answering while Redis is down.
    expect(await statusOf(before[0]![0], before[0]![1])).toEqual(expect.any(String));
    // A write is refused at once, 503 + Retry-After problem+json, and writes nothing (checked once green).
    const postedAt = Date.now();
    const refused = await client.call(sessions, await ownerToken('dora'), 'POST', {
      definitionName: 'two-router-basics',
      durationMinutes: 30,
    });
    figures['refusedWriteMs'] = Date.now() - postedAt;
    expect([refused.status, refused.contentType, refused.headers.get('retry-after')]).toEqual([
      503,
      'application/problem+json; charset=utf-8',
      expect.stringMatching(/^[1-9][0-9]*$/),
    ]);
    expect(figures['refusedWriteMs']).toBeLessThan(2_000);

    await redis.start();
    step('redis restarted');
    const restartedAt = Date.now();
    // Requested while the services are still reconnecting.
    before.push([await requestSession('cat'), 'cat']);
    await eventually(
      async () => (Object.values(await readiness()).every((status) => status === 200) ? true : undefined),
      60_000,
      'every /health/ready to be green again',
    );
    figures['greenAfterRestartMs'] = Date.now() - restartedAt;
    figures['redAfterKillMs'] = restartedAt - killedAt;
    expect((await client.call(sessions, await ownerToken('dora'))).body).toEqual([]);

    await allReached(before, 90_000);
    figures['readyAfterRestartMs'] = Date.now() - restartedAt;
  }, 120_000);

  it('after a FLUSHALL, keeps working and keeps every effect single', async () => {
    // Flushed once the work before it has settled: what the flush takes is the schedulers, queues and
    // de-duplication keys; the next test flushes work in flight.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      await connection.flushall();
    } finally {
      connection.disconnect();
    }
    const flushedAt = Date.now();
    await eventually(
      async () => (Object.values(await readiness()).every((status) => status === 200) ? true : undefined),
      60_000,
      'every /health/ready to be green after the flush',
    );
    figures['greenAfterFlushMs'] = Date.now() - flushedAt;
    const after: Array<[string, string]> = [];
    for (const owner of ['dan', 'eve']) after.push([await requestSession(owner), owner]);
    await allReached(after, 90_000);
    figures['readyAfterFlushMs'] = Date.now() - flushedAt;

    await expectEffectsSingle();

    // Every session's password, read once by its owner, is a secret for every other answer.
    for (const [id, owner] of requested) {
      const access = await client.call(`${sessions}/${id}/access`, await ownerToken(owner));
      expect(access.status).toBe(200);
      passwords.set(id, access.body.password);
      secrets.push({ name: `password of session ${id}`, value: access.body.password });
    }
  }, 120_000);

  it('after a FLUSHALL that lands on work in flight, loses nothing and handles every event once', async () => {
    // Forced, not timed: every receiver of session-manager's events is down (worker-manager and
    // lab-manager stopped with SIGSTOP, the sink refusing), so the events of the sessions requested now
    // are queued in Redis and delivered nowhere when the flush takes them.
    const pids = await system.processIds();
    const stopped = [pids['worker-manager'], pids['lab-manager']] as number[];
    const queueOf = (service: string) =>
      new Queue(`${service}-events`, {
        connection: { host: '127.0.0.1', port: Number(new URL(redis.url).port), maxRetriesPerRequest: null },
        prefix: system.prefix,
      });
    const events = queueOf('session-manager');
    const labEvents = queueOf('lab-manager');
    try {
      const inFlight: Array<[string, string]> = [];
      const lostJobs: string[] = [];
      let flushedAt = 0;
      try {
        spy.refusing = true;
        for (const pid of stopped) process.kill(pid, 'SIGSTOP');
        step('worker-manager and lab-manager stopped, the sink refusing');
        for (const owner of ['fay', 'gil']) inFlight.push([await requestSession(owner), owner]);
        const queued = await eventually(
          async () => {
            const jobs = await events.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
            const scheduled = jobs.filter(
              (job) =>
                job.data.event.type === 'io.lcm.session.scheduled.v1' &&
                inFlight.some(([id]) => id === job.data.event.subject),
            );
            return scheduled.length === inFlight.length ? jobs : undefined;
          },
          30_000,
          'the scheduling of both sessions queued for delivery',
        );
        figures['eventsInFlightAtFlush'] = queued.length;
        lostJobs.push(...queued.map((job) => job.id as string));
        const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
        try {
          await connection.flushall();
        } finally {
          connection.disconnect();
        }
        flushedAt = Date.now();
        step('FLUSHALL with the events in flight');
        expect(await events.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).toEqual([]);
        for (const pid of stopped) process.kill(pid, 'SIGCONT');
        // The sink stays down until the relay has queued the lost jobs again: a delivery that was already
        // running when Redis was flushed may still reach it, and the sink, unlike a service, does not
        // de-duplicate.
        await eventually(
          async () => {
            for (const id of lostJobs) if (!(await events.getJob(id))) return undefined;
            return true;
          },
          30_000,
          'the delivery jobs lost with the flush queued again',
        );
        figures['requeuedAfterFlushMs'] = Date.now() - flushedAt;
      } finally {
        for (const pid of stopped) process.kill(pid, 'SIGCONT');
        spy.refusing = false;
      }

      // Probed as an orchestrator would: a probe that finds the job schedulers gone has them re-created at
      // once, instead of at the next periodic check (a minute).
      await eventually(
        async () => (Object.values(await readiness()).every((status) => status === 200) ? true : undefined),
        60_000,
        'every /health/ready to be green after the flush',
      );
      figures['greenAfterInFlightFlushMs'] = Date.now() - flushedAt;
      await allReached(inFlight, 90_000);
      figures['readyAfterInFlightFlushMs'] = Date.now() - flushedAt;

      // A READY session does not wait for the sink: its events that the flush took from the queue reach the
      // sink once the relay finds their jobs gone and queues them again. Counted once none is left to deliver.
      const ofInFlight = (event: { subject?: string; data: Record<string, unknown> }) =>
        inFlight.some(([id]) => event.subject === id || event.data['sessionId'] === id);
      const expectedTypes = [
        'io.lcm.session.created.v1',
        'io.lcm.session.scheduled.v1',
        'io.lcm.session.instantiating.v1',
        'io.lcm.lab.ready.v1',
        'io.lcm.session.ready.v1',
      ];
      await eventually(
        async () => {
          for (const [id] of inFlight) {
            const seen = spy.events.filter(
              (event) => ofInFlight(event) && [event.subject, event.data['sessionId']].includes(id),
            );
            if (!expectedTypes.every((type) => seen.some((event) => event.type === type))) return undefined;
          }
          for (const queue of [events, labEvents]) {
            const open = await queue.getJobs(['waiting', 'delayed', 'active', 'prioritized']);
            if (open.some((job) => ofInFlight(job.data.event))) return undefined;
          }
          return true;
        },
        60_000,
        'every event of the sessions requested before the flush delivered to the sink',
      );
      figures['deliveredAfterInFlightFlushMs'] = Date.now() - flushedAt;

      // Every event of these sessions reached the sink once, and each receiver handled each once.
      const own = spy.events.filter(ofInFlight);
      const ids = own.map((event) => event.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      const handled = new Map<string, number>();
      for (const line of system.output) {
        if (!line.includes('"CloudEvent handled"')) continue;
        const eventId = /"eventId":"([^"]+)"/.exec(line)?.[1];
        if (!eventId || !ids.includes(eventId)) continue;
        const key = `${line.slice(0, line.indexOf('{'))}${eventId}`;
        handled.set(key, (handled.get(key) ?? 0) + 1);
      }
      figures['inFlightEventsHandled'] = handled.size;
      expect(handled.size).toBeGreaterThanOrEqual(ids.length);
      expect([...handled.entries()].filter(([, count]) => count > 1)).toEqual([]);
      await expectEffectsSingle();
    } finally {
      await events.close();
      await labEvents.close();
    }
    process.stdout.write(`scenario 3 figures: ${JSON.stringify(figures)}\n`);
  }, 150_000);

  it('scenario 9: no secret in any log line or answer of the scenario', () => {
    for (const event of spy.events) {
      if (event.authorization) {
        secrets.push({ name: `service token of ${event.source}`, value: event.authorization.slice(7) });
      }
    }
    const produced = [
      ...system.output.map((line, i) => ({ where: `log line ${i}`, text: line })),
      ...client.answers,
      ...spy.events.map((event) => ({ where: `event ${event.type}`, text: JSON.stringify(event.data) })),
    ];
    expect(produced.length).toBeGreaterThan(100);
    const ownAccess = (text: { where: string; text: string }, secret: Secret) =>
      [...passwords.entries()].some(
        ([id, password]) =>
          secret.value === password && text.where.startsWith(`GET /api/lablet-sessions/${id}/access -> 200`),
      );
    expect(leaks(produced, secrets, ownAccess)).toEqual([]);
  });
});

function step(what: string): void {
  process.stdout.write(`${new Date().toISOString()} ${what}\n`);
}

function uniqueById(events: readonly SeenEvent[]): SeenEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.id) && Boolean(seen.add(event.id)));
}

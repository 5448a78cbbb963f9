import type { OutboxEntry } from '@lcm/neuro-core/hosting';
import { eventually } from '@lcm/neuro-core/testing';
import { Queue } from 'bullmq';
import { ReplicatedLcm, type ServiceName } from './replicated-lcm';
import { SESSION_HAPPY_PATH } from '../session-happy-path';

const OWNERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const SERVICES: readonly ServiceName[] = ['worker-manager', 'lab-manager', 'session-manager'];

interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API under test
  readonly body: any;
}

async function call(url: string, token: string, method = 'GET', body?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: { authorization: token, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The values of `field` in the events of one aggregate, optionally of one type, in the order they were saved. */
function historyOf(events: readonly OutboxEntry[], subject: string, field: string, type?: string): string[] {
  return events
    .filter((e) => e.subject === subject && (type === undefined || e.type === type))
    .map((e) => String(e.data[field]));
}

describe('LCM with two replicas of every service', () => {
  const lcm = new ReplicatedLcm();
  let admin: string;

  beforeAll(async () => {
    await lcm.start();
    admin = await lcm.token('admin-1', ['admin']);
  }, 30_000);

  afterAll(() => lcm.close(), 30_000);

  it('walks concurrent sessions from request to a ready lab and back through a rolling update, each effect once', async () => {
    try {
      await walkTheFlow();
    } catch (error) {
      (error as Error).message += `\n--- last warnings of the replicas ---\n${lcm.logs()}`;
      throw error;
    }
  }, 90_000);

  async function statuses(ids: readonly string[]): Promise<string[]> {
    const sessions = lcm.url('session-manager');
    const answers = await Promise.all(ids.map((id) => call(`${sessions}/api/lablet-sessions/${id}`, admin)));
    return answers.map((answer) => String(answer.body?.status));
  }

  function allIn(ids: readonly string[], status: string): Promise<true | undefined> {
    return statuses(ids).then((all) => (all.every((s) => s === status) ? true : undefined));
  }

  async function walkTheFlow(): Promise<void> {
    const sessions = lcm.url('session-manager');
    const tokens = new Map<string, string>();
    for (const owner of OWNERS) tokens.set(owner, await lcm.token(owner, ['user']));

    // 1. Several users ask for a session at once, through the Service in front of both replicas.
    const requested = await Promise.all(
      OWNERS.map((owner) =>
        call(`${sessions}/api/lablet-sessions`, tokens.get(owner)!, 'POST', {
          definitionName: 'two-router-basics',
          durationMinutes: 30,
        }),
      ),
    );
    expect(requested.map((answer) => answer.status)).toEqual(OWNERS.map(() => 201));
    const ids = requested.map((answer) => String(answer.body.id));
    const tokenOf = (id: string) => tokens.get(OWNERS[ids.indexOf(id)] as string)!;

    // 2.-4. Capacity requested, a worker launched and RUNNING, sessions placed, labs imported and started.
    await eventually(
      () => allIn(ids, 'RUNNING'),
      40_000,
      async () => `every session RUNNING (they are ${await statuses(ids)})`,
    );
    for (const id of ids) {
      // Either replica answers, with the password it fetched from either lab-manager replica.
      for (const _ of [1, 2]) {
        const access = await call(`${sessions}/api/lablet-sessions/${id}/access`, tokenOf(id));
        expect(access.status).toBe(200);
        expect(access.body.password).toEqual(expect.any(String));
      }
    }
    const running = [...lcm.cml.values()].map((simulator) => simulator.control.state());
    expect(running.flatMap((state) => state.labs.map((lab) => lab.state))).toEqual(ids.map(() => 'STARTED'));
    expect(running.flatMap((state) => state.users.filter((user) => !user.admin))).toHaveLength(ids.length);

    // A rolling update of every service: a new pod runs its start-up sweep beside a serving one.
    for (const name of SERVICES) await lcm.roll(name);

    // 5. Every owner stops at once: labs stopped and wiped, CML users removed, sessions STOPPED.
    const stops = await Promise.all(
      ids.map((id) => call(`${sessions}/api/lablet-sessions/${id}/stop`, tokenOf(id), 'POST')),
    );
    expect(stops.map((answer) => answer.status)).toEqual(ids.map(() => 202));
    await eventually(
      () => allIn(ids, 'STOPPED'),
      20_000,
      async () => `every session STOPPED (they are ${await statuses(ids)})`,
    );
    const stopped = [...lcm.cml.values()].map((simulator) => simulator.control.state());
    expect(stopped.flatMap((state) => state.labs.map((lab) => lab.state))).toEqual(
      ids.map(() => 'DEFINED_ON_CORE'),
    );
    expect(stopped.flatMap((state) => state.users.filter((user) => !user.admin))).toEqual([]);

    // Every event either replica saved reaches the subscribers once: nothing lost, nothing twice.
    const idsOf = (events: ReadonlyArray<{ source: string; id: string }>) =>
      events.map((e) => `${e.source}/${e.id}`);
    const savedSoFar = idsOf(SERVICES.flatMap((name) => lcm.service(name).saved));
    await eventually(
      async () => (await Promise.all(SERVICES.map((name) => lcm.undelivered(name)))).every((n) => n === 0),
      20_000,
      'every saved event delivered to every subscriber',
    );
    const delivered = idsOf(lcm.spy.events);
    expect(delivered).toHaveLength(new Set(delivered).size);
    expect(savedSoFar.filter((id) => !delivered.includes(id))).toEqual([]);
    const saved = new Set(idsOf(SERVICES.flatMap((name) => lcm.service(name).saved)));
    expect(delivered.filter((id) => !saved.has(id))).toEqual([]);

    // The sessions fit one worker: each session asked for once (in one request, or in a later one when the
    // waiting set grew while the worker launched, which fills the room left on it), one worker, one EC2
    // instance per worker.
    const asked = lcm
      .service('session-manager')
      .saved.filter((e) => e.type === 'io.lcm.capacity.requested.v1')
      .flatMap((e) => (e.data as { demands: { sessionId: string }[] }).demands.map((d) => d.sessionId));
    expect(asked.sort()).toEqual([...ids].sort());
    const workers = await lcm.service('worker-manager').db.collection('workers').find({}).toArray();
    expect(workers).toHaveLength(1);
    const instances = await lcm.ec2.instances();
    expect(instances.map((i) => i.tags['lcm:worker-id']).sort()).toEqual(workers.map((w) => w['_id']).sort());
    expect(workers.map((w) => w['ec2InstanceId']).sort()).toEqual(instances.map((i) => i.instanceId).sort());

    // One lab record and one lab run per session, wiped for reuse; no port or capacity slot given twice.
    const records = await lcm.service('lab-manager').db.collection('lab_records').find({}).toArray();
    const runs = records.flatMap((r) => r['runHistory'] as Array<{ sessionId: string; stoppedAt?: string }>);
    expect(runs.map((run) => run.sessionId).sort()).toEqual([...ids].sort());
    expect(runs.every((run) => typeof run.stoppedAt === 'string')).toBe(true);
    expect(records.map((r) => r['status'])).toEqual(ids.map(() => 'WIPED'));
    for (const workerId of new Set(records.map((r) => r['workerId']))) {
      const ports = records
        .filter((r) => r['workerId'] === workerId)
        .flatMap((r) => Object.values(r['allocatedPorts'] as Record<string, number>));
      expect(ports).toHaveLength(new Set(ports).size);
    }
    const allocations = await lcm
      .service('session-manager')
      .db.collection('worker_allocations')
      .find({})
      .toArray();
    const slots = allocations.flatMap((a) =>
      (a['allocations'] as Array<{ sessionId: string }>).map((x) => x.sessionId),
    );
    expect(slots).toHaveLength(new Set(slots).size);

    // Each session and worker went through each status once, in order.
    const sessionEvents = lcm.service('session-manager').saved;
    for (const id of ids) {
      expect(historyOf(sessionEvents, id, 'status')).toEqual(SESSION_HAPPY_PATH);
    }
    for (const worker of workers) {
      expect(
        historyOf(
          lcm.service('worker-manager').saved,
          String(worker['_id']),
          'newStatus',
          'io.lcm.worker.status-changed.v1',
        ),
      ).toEqual(['PROVISIONING', 'STARTING', 'RUNNING']);
    }

    // Every read model ends where the events it was sent say: no event lost a save race and was dropped.
    const activity = await lcm.service('worker-manager').db.collection('session_activity').find({}).toArray();
    expect(Object.fromEntries(activity.map((a) => [a['_id'], a['status']]))).toEqual(
      Object.fromEntries(ids.map((id) => [id, 'STOPPED'])),
    );
    const truth = Object.fromEntries(workers.map((w) => [w['_id'], [w['status'], w['httpsEndpoint']]]));
    for (const [name, collection] of [
      ['session-manager', 'worker_capacities'],
      ['lab-manager', 'known_workers'],
    ] as const) {
      const views = await lcm.service(name).db.collection(collection).find({}).toArray();
      expect(Object.fromEntries(views.map((v) => [v['_id'], [v['status'], v['httpsEndpoint']]]))).toEqual(
        truth,
      );
    }

    // The Services spread requests and deliveries over every replica.
    for (const name of SERVICES) {
      const { proxy, replicas } = lcm.service(name);
      for (const replica of replicas) expect(proxy.forwarded.get(replica.url)).toBeGreaterThan(0);
    }

    // Job schedulers fire once per tick across all replicas.
    for (const name of SERVICES) await expectOneRunPerTick(name);
  }

  /** After every replica stopped: the runs they counted equal the scheduler's finished jobs, one per tick. */
  async function expectOneRunPerTick(name: ServiceName): Promise<void> {
    const service = lcm.service(name);
    await lcm.stopService(name);
    const runs = new Map<string, number>();
    for (const replica of service.replicas) {
      const metric = await replica.service.context.metrics.jobDuration.get();
      for (const value of metric.values) {
        if (value.metricName !== 'lcm_job_duration_seconds_count') continue;
        const job = String(value.labels['job']);
        runs.set(job, (runs.get(job) ?? 0) + value.value);
      }
    }
    const queue = new Queue(`${name}-jobs`, { connection: lcm.redis(), prefix: service.prefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.length).toBeGreaterThan(0);
      const finished = await queue.getJobs(['completed', 'failed']);
      for (const scheduler of schedulers) {
        const ticks = finished.filter((job) => job.name === scheduler.key);
        const attempts = ticks.reduce((sum, job) => sum + Math.max(job.attemptsMade, 1), 0);
        expect(ticks.length).toBeGreaterThan(0);
        expect({ scheduler: scheduler.key, runs: runs.get(scheduler.key) ?? 0 }).toEqual({
          scheduler: scheduler.key,
          runs: attempts,
        });
      }
    } finally {
      await queue.close();
    }
  }
});

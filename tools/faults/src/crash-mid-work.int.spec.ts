import { writeFile } from 'node:fs/promises';
import { ReplicatedLcm, type ServiceName } from '../../e2e/src/replicas/replicated-lcm';
import { eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';

/** Where a session has settled: it reached its lab, or failed cleanly. */
const SETTLED = new Set(['READY', 'RUNNING', 'FAILED']);
const REACHED = new Set(['READY', 'RUNNING']);

/** A small seeded generator (mulberry32): every run prints its seed, `FAULTS_SEED` replays one. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('scenario 2: each service crashes mid-work and a fresh instance takes over', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  const seed = Number(process.env['FAULTS_SEED'] ?? Date.now() % 1_000_000);
  const random = seeded(seed);
  let admin: string;
  let sessions: string;
  const requested: string[] = [];

  beforeAll(async () => {
    process.stdout.write(`scenario 2 seed: ${seed} (FAULTS_SEED replays it)\n`);
    // A first backoff of 200 ms retries deliveries the crash cut off at once; a receiver that answers 503
    // while a crashed handler's de-duplication mark (60 s) is still there says when it expires
    // (`Retry-After`), and the sender's next attempt waits for that.
    await lcm.start({ EVENT_DELIVERY_BACKOFF_MS: '200' });
    admin = await lcm.token('root', ['admin']);
    sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
  }, 120_000);

  afterAll(async () => {
    if (process.env['FAULTS_LOG_FILE']) await writeFile(process.env['FAULTS_LOG_FILE'], lcm.logs(1_000_000));
    await lcm.close();
  });

  async function request(count: number): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const owner = `user-${requested.length}-${Math.floor(random() * 1e9)}`;
        const answer = await client.call(sessions, await lcm.token(owner, ['user']), 'POST', {
          definitionName: 'two-router-basics',
          durationMinutes: 30,
        });
        expect(answer.status).toBe(201);
        requested.push(answer.body.id);
      }),
    );
  }

  async function count(service: ServiceName, collection: string): Promise<number> {
    return lcm.service(service).db.collection(collection).countDocuments({});
  }

  /** Crashes a service at a random point of the next `windowMs`, then starts a fresh one on its stores. */
  async function crashSoon(name: ServiceName, windowMs: number, crashes: string[]): Promise<void> {
    const delay = Math.floor(random() * windowMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    await lcm.crash(name);
    crashes.push(`${name} after ${delay} ms`);
    await lcm.startService(name);
  }

  it('converges: every session READY or FAILED with a reason, no duplicate EC2 instance, CML lab or CML user, no leaked port', async () => {
    const crashes: string[] = [];
    const startedAt = Date.now();
    await request(4);
    // worker-manager while it launches the worker (EC2 pending for 200 ms, then the CML boots).
    await crashSoon('worker-manager', 1_000, crashes);
    // lab-manager while it imports the labs of the first placed sessions.
    await eventually(
      async () => ((await count('lab-manager', 'lab_records')) > 0 ? true : undefined),
      30_000,
      'a first lab record',
    );
    await request(2);
    await crashSoon('lab-manager', 1_000, crashes);
    // session-manager while it places the sessions requested just now and follows the others' labs.
    await request(2);
    await crashSoon('session-manager', 500, crashes);
    process.stdout.write(`scenario 2 crashes: ${crashes.join(', ')}\n`);

    const statuses = async () =>
      Promise.all(
        requested.map(async (id) => {
          const { body } = await client.call(`${sessions}/${id}`, admin);
          return { id, status: body?.status as string, reason: body?.terminationReason as string | null };
        }),
      );
    let last: Awaited<ReturnType<typeof statuses>> = [];
    const settled = await eventually(
      async () => {
        last = await statuses();
        return last.every((session) => SETTLED.has(session.status)) ? last : undefined;
      },
      180_000,
      () => `every session READY or FAILED; now ${JSON.stringify(last)}; logs:\n${lcm.logs(40)}`,
    );
    const convergedMs = Date.now() - startedAt;
    const failed = settled.filter((session) => session.status === 'FAILED');
    expect(failed.filter((session) => !session.reason)).toEqual([]);
    const ready = settled.filter((session) => REACHED.has(session.status));

    // EC2: one instance per worker worker-manager knows, never two for one worker.
    const instances = await lcm.ec2.instances();
    const byWorker = new Map<string, number>();
    for (const instance of instances) {
      const worker = instance.tags['lcm:worker-id'] ?? 'untagged';
      byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
    }
    expect([...byWorker.values()].filter((n) => n > 1)).toEqual([]);
    expect(instances).toHaveLength(await count('worker-manager', 'workers'));

    // CML: once the failed sessions' labs are released, one lab and one user per session that reached its
    // lab, and no lab or user twice.
    const inventory = () => {
      const labs: string[] = [];
      const users: string[] = [];
      for (const simulator of lcm.cml.values()) {
        const state = simulator.control.state();
        labs.push(...state.labs.map((lab) => lab.title));
        users.push(...state.users.filter((user) => !user.admin).map((user) => user.username));
      }
      return { labs, users };
    };
    const { labs, users } = await eventually(
      () => {
        const now = inventory();
        return now.labs.length === ready.length && now.users.length === ready.length ? now : undefined;
      },
      60_000,
      () => `one CML lab and user per READY session (${ready.length}); now ${JSON.stringify(inventory())}`,
    );
    expect(new Set(labs).size).toBe(labs.length);
    expect(new Set(users).size).toBe(users.length);

    // Ports: every port held on a worker belongs to a live lab record.
    const records = lcm.service('lab-manager').db.collection('lab_records');
    const live = new Set((await records.find({}).toArray()).map((record) => String(record._id)));
    const ledgers = await lcm
      .service('lab-manager')
      .db.collection('worker_port_allocations')
      .find({})
      .toArray();
    const owners = ledgers.flatMap((ledger) => Object.keys((ledger['owners'] ?? {}) as object));
    expect(owners.filter((owner) => !live.has(owner))).toEqual([]);

    process.stdout.write(
      `scenario 2 figures: ${JSON.stringify({
        seed,
        crashes,
        sessions: requested.length,
        ready: ready.length,
        failed: failed.map((session) => session.reason),
        convergedMs,
        ec2Instances: instances.length,
        cmlLabs: labs.length,
        cmlUsers: users.length,
        portOwners: owners.length,
      })}\n`,
    );
  }, 300_000);
});

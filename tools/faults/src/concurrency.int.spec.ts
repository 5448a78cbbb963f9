import { ReplicatedLcm } from '../../e2e/src/replicas/replicated-lcm';
import { eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';

/** The session's definition (apps/lab-manager/config/sample-lablet.yaml) allows at most this long. */
const MAX_DURATION_MINUTES = 120;
const REQUESTED_MINUTES = 30;

describe('scenario 5: 100 concurrent commands on one aggregate, across two replicas of its service', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  let alice: string;
  let admin: string;
  let sessionId: string;
  let workerId: string;

  beforeAll(async () => {
    // One worker at most, so the last free slot on it cannot be had elsewhere.
    await lcm.start({ MAX_WORKERS: '1' });
    alice = await lcm.token('alice', ['user']);
    admin = await lcm.token('root', ['admin']);
    const sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
    const created = await client.call(sessions, alice, 'POST', {
      definitionName: 'two-router-basics',
      durationMinutes: REQUESTED_MINUTES,
    });
    expect(created.status).toBe(201);
    sessionId = created.body.id;
    const ready = await eventually(
      async () => {
        const { body } = await client.call(`${sessions}/${sessionId}`, alice);
        return ['READY', 'RUNNING'].includes(body?.status) ? body : undefined;
      },
      90_000,
      () => `session READY; logs:\n${lcm.logs()}`,
    );
    workerId = ready.workerId;
  }, 120_000);

  afterAll(() => lcm.close());

  it('100 concurrent one-minute extends: each 202 or 409, and the session ends exactly as many minutes later as were applied', async () => {
    const url = `${lcm.url('session-manager')}/api/lablet-sessions/${sessionId}`;
    const before = (await client.call(url, alice)).body;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client.call(`${url}/extend`, alice, 'POST', { minutes: 1 })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 202 && status !== 409)).toEqual([]);
    const applied = statuses.filter((status) => status === 202).length;
    const after = (await client.call(url, alice)).body;
    const added = (Date.parse(after.timeslotEnd) - Date.parse(before.timeslotEnd)) / 60_000;
    expect(added).toBe(applied);
    process.stdout.write(`scenario 5 extends: ${applied} applied, ${100 - applied} refused with 409\n`);
    // The definition's maximum bounds the total: every extend that fits applies, the rest are refused.
    const room =
      MAX_DURATION_MINUTES - (Date.parse(before.timeslotEnd) - Date.parse(before.timeslotStart)) / 60_000;
    expect(applied).toBe(Math.min(100, room));
  });

  it('50 concurrent requests for the last free slot of the only worker: exactly one is placed', async () => {
    const sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
    const placed = async (ids: readonly string[]) => {
      const statuses = await Promise.all(
        ids.map(async (id) => (await client.call(`${sessions}/${id}`, admin)).body.status),
      );
      return statuses.filter((status) => status !== 'PENDING').length;
    };
    // The worker (16 cores, 20 nodes) holds ten two-node sessions: nine are placed first.
    const filling: string[] = [];
    for (let i = 0; i < 8; i++) {
      const token = await lcm.token(`filler-${i}`, ['user']);
      const answer = await client.call(sessions, token, 'POST', {
        definitionName: 'two-router-basics',
        durationMinutes: 30,
      });
      expect(answer.status).toBe(201);
      filling.push(answer.body.id);
    }
    await eventually(
      async () => ((await placed(filling)) === 8 ? true : undefined),
      60_000,
      'nine sessions placed',
    );

    const contenders = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const token = await lcm.token(`contender-${i}`, ['user']);
        return client.call(sessions, token, 'POST', {
          definitionName: 'two-router-basics',
          durationMinutes: 30,
        });
      }),
    );
    expect(contenders.map((answer) => answer.status).filter((status) => status !== 201)).toEqual([]);
    const ids = contenders.map((answer) => answer.body.id as string);
    await eventually(
      async () => ((await placed(ids)) >= 1 ? true : undefined),
      60_000,
      'one contender placed',
    );
    // Placement runs every second on both replicas: over several runs, still exactly one.
    const watchUntil = Date.now() + 4_000;
    while (Date.now() < watchUntil) {
      expect(await placed(ids)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  it('100 concurrent drains of one worker: each 2xx or 409, the worker drains once', async () => {
    const url = `${lcm.url('worker-manager')}/api/workers/${workerId}`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client.call(`${url}/drain`, admin, 'POST', {})),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => !(status >= 200 && status < 300) && status !== 409)).toEqual([]);
    expect(statuses.filter((status) => status >= 200 && status < 300).length).toBeGreaterThanOrEqual(1);
    const drained = lcm
      .service('worker-manager')
      .saved.filter((entry) => entry.subject === workerId && entry.type === 'io.lcm.worker.draining.v1');
    expect(drained).toHaveLength(1);
    expect((await client.call(url, admin)).body.status).toBe('DRAINING');
  });
});

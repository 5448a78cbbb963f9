import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ReplicatedLcm } from '../../e2e/src/replicas/replicated-lcm';
import { eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';

const REACHED = new Set(['READY', 'RUNNING']);
/** One attempt of an EC2 call gives up after this (default 10 s), so a hung call costs 0.5 s per attempt. */
const EC2_TIMEOUT_MS = 500;
const EC2_ATTEMPTS = 8;
/**
 * What "no request waits on EC2" means here: while every EC2 call hangs, a request that awaited one would
 * answer only when the call gives up, after all its attempts (4 s). Far above what an answer takes, even
 * on the loaded machine with the whole of LCM in this one process.
 */
const WAITED_ON_EC2_MS = EC2_ATTEMPTS * EC2_TIMEOUT_MS;
/** REST requests made while every EC2 call hangs, one at a time. */
const READS = 40;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

describe('scenario 4: EC2 calls that hang and time out', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  let admin: string;
  let sessions: string;
  let workers: string;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    await lcm.start({
      EC2_REQUEST_TIMEOUT_MS: String(EC2_TIMEOUT_MS),
      EC2_MAX_ATTEMPTS: String(EC2_ATTEMPTS),
    });
    admin = await lcm.token('root', ['admin']);
    sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
    workers = `${lcm.url('worker-manager')}/api/workers`;
  }, 120_000);

  afterAll(async () => {
    process.stdout.write(`scenario 4 (EC2 hang) figures: ${JSON.stringify(figures)}\n`);
    await lcm.close();
  });

  const requestSession = async (owner: string): Promise<string> => {
    const answer = await client.call(sessions, await lcm.token(owner, ['user']), 'POST', {
      definitionName: 'two-router-basics',
      durationMinutes: 30,
    });
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };
  const allReached = (ids: readonly string[]) => async () => {
    for (const id of ids) {
      if (!REACHED.has((await client.call(`${sessions}/${id}`, admin)).body?.status)) return undefined;
    }
    return true;
  };

  it('launches the first worker through hung and timed-out EC2 calls: sessions READY, one instance', async () => {
    // hung: never answered, dropped when the SDK gives up; timed out: answered (and done) too late
    lcm.ec2.injectFault({ kind: 'hang', action: 'DescribeImages', count: 2 });
    lcm.ec2.injectFault({ kind: 'hang', action: 'RunInstances', count: 2 });
    lcm.ec2.injectFault({
      kind: 'delay',
      action: 'DescribeInstances',
      delayMs: 3 * EC2_TIMEOUT_MS,
      count: 2,
    });
    const startedAt = Date.now();
    const ids = [await requestSession('ann'), await requestSession('ben')];

    await eventually(allReached(ids), 240_000, () => `both sessions READY; logs:\n${lcm.logs(30)}`, 250);

    figures['readyThroughHangsMs'] = Date.now() - startedAt;
    expect(lcm.ec2.faults()).toEqual([]);
    expect(await lcm.ec2.instances()).toHaveLength(1);
  }, 300_000);

  it('answers the REST APIs at once while every EC2 call hangs, and does the work once EC2 answers', async () => {
    lcm.ec2.injectFault({ kind: 'hang', count: 1_000_000 });
    // the fleet passes (every second, on both replicas) are now stuck on EC2, each attempt for 0.5 s
    await eventually(() => (lcm.ec2.hungCalls() > 0 ? true : undefined), 30_000, 'an EC2 call hung');
    const callsBefore = lcm.ec2.calls().total;

    const latencies: number[] = [];
    const timed = async <T>(request: () => Promise<T>): Promise<T> => {
      const startedAt = performance.now();
      const answer = await request();
      latencies.push(performance.now() - startedAt);
      return answer;
    };
    // worker-manager's create only queues a reconcile; session-manager's places on the running worker
    const created = await timed(() => client.call(workers, admin, 'POST', { templateName: 'pool' }));
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    const carol = await timed(() => requestSession('carol'));
    const reads = [
      workers,
      `${workers}/${created.body.id}`,
      `${lcm.url('worker-manager')}/api/worker-templates`,
      sessions,
      `${sessions}/${carol}`,
      `${lcm.url('lab-manager')}/api/lab-records`,
    ];
    const refused: string[] = [];
    for (let i = 0; i < READS; i++) {
      const url = reads[i % reads.length] as string;
      const answer = await timed(() => client.call(url, admin));
      if (answer.status !== 200) refused.push(`${answer.status} GET ${new URL(url).pathname}`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    Object.assign(figures, {
      requestsWhileHung: sorted.length,
      p50Ms: Math.round(percentile(sorted, 50)),
      p99Ms: Math.round(percentile(sorted, 99)),
      maxMs: Math.round(sorted.at(-1) as number),
      ec2CallsDuringReads: lcm.ec2.calls().total - callsBefore,
      loadAverage: loadavg()
        .map((n) => n.toFixed(1))
        .join(' '),
    });
    expect(refused).toEqual([]);
    expect(sorted.at(-1)).toBeLessThan(WAITED_ON_EC2_MS);
    expect(lcm.ec2.calls().total).toBeGreaterThan(callsBefore);

    // A session fits on the running worker: no EC2 call stands between it and its lab.
    await eventually(allReached([carol]), 60_000, () => `carol's session READY; logs:\n${lcm.logs(30)}`, 250);
    expect((await client.call(`${workers}/${created.body.id}`, admin)).body.status).toBe('PENDING');

    lcm.ec2.clearFaults();
    const healedAt = Date.now();
    await eventually(
      async () => {
        const { body } = await client.call(`${workers}/${created.body.id}`, admin);
        return body?.status === 'RUNNING' ? true : undefined;
      },
      120_000,
      () => `the worker created while EC2 hung RUNNING; logs:\n${lcm.logs(30)}`,
    );
    figures['createdWorkerRunningAfterHealMs'] = Date.now() - healedAt;
    const launched = (await lcm.ec2.instances()).filter((i) => i.tags['lcm:worker-id'] === created.body.id);
    expect(launched).toHaveLength(1);
  }, 300_000);
});

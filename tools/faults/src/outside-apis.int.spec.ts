import { ReplicatedLcm } from '../../e2e/src/replicas/replicated-lcm';
import { eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';

const REACHED = new Set(['READY', 'RUNNING']);

describe('scenario 4: EC2 throttles, fails and answers slowly', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  let admin: string;
  let sessions: string;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    await lcm.start();
    admin = await lcm.token('root', ['admin']);
    sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
  }, 120_000);

  afterAll(() => lcm.close());

  it('launches the worker through RequestLimitExceeded, 5xx and slow EC2 answers: sessions READY, one instance', async () => {
    lcm.ec2.injectFault({ kind: 'throttle', action: 'RunInstances', count: 2 });
    lcm.ec2.injectFault({ kind: 'error500', action: 'DescribeInstances', count: 3 });
    lcm.ec2.injectFault({ kind: 'delay', action: 'DescribeInstances', delayMs: 1_500, count: 2 });
    const startedAt = Date.now();
    const ids: string[] = [];
    for (const owner of ['ann', 'ben']) {
      const answer = await client.call(sessions, await lcm.token(owner, ['user']), 'POST', {
        definitionName: 'two-router-basics',
        durationMinutes: 30,
      });
      expect(answer.status).toBe(201);
      ids.push(answer.body.id);
    }
    await eventually(
      async () => {
        for (const id of ids) {
          if (!REACHED.has((await client.call(`${sessions}/${id}`, admin)).body?.status)) return undefined;
        }
        return true;
      },
      240_000,
      () => `both sessions READY; logs:\n${lcm.logs(30)}`,
    );
    figures['readyThroughEc2FaultsMs'] = Date.now() - startedAt;
    expect(await lcm.ec2.instances()).toHaveLength(1);
    process.stdout.write(`scenario 4 figures: ${JSON.stringify(figures)}\n`);
  }, 300_000);
});

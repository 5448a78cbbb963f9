import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

/** One attempt's time limit here; a hung call costs this much per attempt instead of forever. */
const TIMEOUT_MS = 300;
const ATTEMPTS = 3;

// A fleet job of the scheduler and the start-up sweep may run beside the test's passes, so these tests
// assert outcomes, not call counts (aws-ec2-gateway.int.spec.ts counts them).
describe('worker-manager when EC2 calls hang (EC2_REQUEST_TIMEOUT_MS)', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      env: { EC2_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), EC2_MAX_ATTEMPTS: String(ATTEMPTS) },
    });
  });
  afterEach(() => fleet.ec2.clearFaults());
  afterAll(async () => {
    await fleet.close();
  });

  it('fails the pass after its attempts when EC2 never answers, instead of holding it', async () => {
    fleet.ec2.injectFault({ kind: 'hang', action: 'DescribeInstances', count: 1_000 });
    const startedAt = Date.now();

    const pass = await fleet.reconcile();

    expect(pass.ok).toBe(false);
    // three attempts of 300 ms plus two jittered backoffs under 0.2 s; generous for a loaded machine
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    fleet.ec2.clearFaults();
    expect((await fleet.reconcile()).ok).toBe(true);
  });

  it('launches a worker through hung RunInstances and DescribeImages calls: one instance', async () => {
    fleet.ec2.injectFault({ kind: 'hang', action: 'DescribeImages', count: ATTEMPTS - 1 });
    fleet.ec2.injectFault({ kind: 'hang', action: 'RunInstances', count: ATTEMPTS - 1 });
    const { id } = await fleet.createWorker('small');

    const running = await fleet.reconcileUntil(id, 'RUNNING');

    const mine = (await fleet.ec2.instances()).filter((i) => i.tags['lcm:worker-id'] === id);
    expect(mine.map((i) => i.instanceId)).toEqual([running.ec2InstanceId]);
    expect(fleet.ec2.faults()).toEqual([]);
  });
});

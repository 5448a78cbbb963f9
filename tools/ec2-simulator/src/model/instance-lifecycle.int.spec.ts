import {
  DescribeInstanceStatusCommand,
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';
import { fixedClock } from '../testing/fixed-clock';
import { describeOne, launchOne } from '../testing/one-instance';

const durations = {
  pendingMs: 1_000,
  stoppingMs: 2_000,
  shuttingDownMs: 3_000,
  terminatedRetentionMs: 60_000,
};

describe('Instance lifecycle', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    simulator = await startEc2Simulator({ now: fixedClock, durations });
    ec2 = ec2ClientFor(simulator);
  });
  afterEach(() => simulator.reset());
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const launch = () => launchOne(ec2);
  const launchRunning = async (): Promise<string> => {
    const instanceId = await launch();
    simulator.advanceTime(durations.pendingMs);
    return instanceId;
  };
  const describeInstance = (instanceId: string) => describeOne(ec2, instanceId);

  it('is pending until pendingMs has passed, then running with documentation-range addresses and DNS names', async () => {
    const instanceId = await launch();

    simulator.advanceTime(durations.pendingMs - 1);
    expect((await describeInstance(instanceId)).State).toEqual({ Code: 0, Name: 'pending' });
    simulator.advanceTime(1);
    const running = await describeInstance(instanceId);

    expect(running.State).toEqual({ Code: 16, Name: 'running' });
    expect(running.PrivateIpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(running.PublicIpAddress).toMatch(/^(203\.0\.113|198\.51\.100|192\.0\.2)\.\d+$/);
    expect(running.PublicDnsName).toBe(
      `ec2-${running.PublicIpAddress?.replaceAll('.', '-')}.compute-1.amazonaws.com`,
    );
    expect(running.PrivateDnsName).toBe(`ip-${running.PrivateIpAddress?.replaceAll('.', '-')}.ec2.internal`);
  });

  it('stops through stopping to stopped, losing the public address but keeping the private one', async () => {
    const instanceId = await launchRunning();
    const { PrivateIpAddress } = await describeInstance(instanceId);

    const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    const stopping = await describeInstance(instanceId);
    simulator.advanceTime(durations.stoppingMs);
    const stopped = await describeInstance(instanceId);

    expect(stop.StoppingInstances).toEqual([
      {
        InstanceId: instanceId,
        PreviousState: { Code: 16, Name: 'running' },
        CurrentState: { Code: 64, Name: 'stopping' },
      },
    ]);
    expect(stopping.State?.Name).toBe('stopping');
    expect(stopping.StateTransitionReason).toMatch(/^User initiated \(2026-01-05 10:00:01 GMT\)$/);
    expect(stopped.State).toEqual({ Code: 80, Name: 'stopped' });
    expect(stopped.PublicIpAddress).toBeUndefined();
    expect(stopped.PublicDnsName).toBe('');
    expect(stopped.PrivateIpAddress).toBe(PrivateIpAddress);
  });

  it('starts a stopped instance through pending to running with a new public address', async () => {
    const instanceId = await launchRunning();
    const { PublicIpAddress: firstAddress } = await describeInstance(instanceId);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    simulator.advanceTime(durations.stoppingMs);

    const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    simulator.advanceTime(durations.pendingMs);
    const restarted = await describeInstance(instanceId);

    expect(start.StartingInstances?.[0]).toMatchObject({
      PreviousState: { Code: 80, Name: 'stopped' },
      CurrentState: { Code: 0, Name: 'pending' },
    });
    expect(restarted.State?.Name).toBe('running');
    expect(restarted.PublicIpAddress).toBeDefined();
    expect(restarted.PublicIpAddress).not.toBe(firstAddress);
  });

  it('terminates through shutting-down, stays visible as terminated for the retention period, then is gone', async () => {
    const instanceId = await launchRunning();

    const terminate = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    simulator.advanceTime(durations.shuttingDownMs);
    const terminated = await describeInstance(instanceId);
    simulator.advanceTime(durations.terminatedRetentionMs);

    expect(terminate.TerminatingInstances?.[0]).toMatchObject({
      PreviousState: { Code: 16, Name: 'running' },
      CurrentState: { Code: 32, Name: 'shutting-down' },
    });
    expect(terminated.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(terminated.PrivateIpAddress).toBeUndefined();
    await expect(describeInstance(instanceId)).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  });

  it('answers requests for the state an instance is already heading to without changing it', async () => {
    const instanceId = await launchRunning();
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));

    const again = await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));

    expect(again.StoppingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'stopping' },
      CurrentState: { Name: 'stopping' },
    });
  });

  it('refuses to stop a pending instance or start a terminated one with IncorrectInstanceState', async () => {
    const pending = await launch();
    const terminated = await launch();
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated] }));

    await expect(ec2.send(new StopInstancesCommand({ InstanceIds: [pending] }))).rejects.toMatchObject({
      name: 'IncorrectInstanceState',
    });
    await expect(ec2.send(new StartInstancesCommand({ InstanceIds: [terminated] }))).rejects.toMatchObject({
      name: 'IncorrectInstanceState',
    });
    expect((await describeInstance(pending)).State?.Name).toBe('pending');
  });

  it('changes nothing when one of the named instances is unknown', async () => {
    const instanceId = await launchRunning();

    await expect(
      ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId, 'i-0123456789abcdef0'] })),
    ).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect((await describeInstance(instanceId)).State?.Name).toBe('running');
  });

  it('reports status checks for running instances, and for all instances with IncludeAllInstances', async () => {
    const running = await launchRunning();
    const pending = await launch();

    const runningOnly = await ec2.send(new DescribeInstanceStatusCommand({}));
    const all = await ec2.send(new DescribeInstanceStatusCommand({ IncludeAllInstances: true }));

    expect(runningOnly.InstanceStatuses).toEqual([
      expect.objectContaining({
        InstanceId: running,
        InstanceState: { Code: 16, Name: 'running' },
        InstanceStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
        SystemStatus: { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] },
      }),
    ]);
    expect(
      all.InstanceStatuses?.map((s) => [s.InstanceId, s.InstanceState?.Name, s.InstanceStatus?.Status]),
    ).toEqual([
      [running, 'running', 'ok'],
      [pending, 'pending', 'not-applicable'],
    ]);
  });
});

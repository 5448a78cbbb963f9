import {
  EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import { SIM_ENDPOINT_TAG, startEc2Simulator, type Ec2Simulator, type InstanceSnapshot } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';
import { fixedClock } from '../testing/fixed-clock';
import { describeOne, launchOne } from '../testing/one-instance';

const durations = { pendingMs: 1_000, stoppingMs: 1_000, shuttingDownMs: 1_000 };

describe('Instance hooks (one CML simulator per instance)', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;
  const events: string[] = [];
  let nextCmlPort = 9443;
  let failNextStart = false;

  beforeAll(async () => {
    simulator = await startEc2Simulator({
      now: fixedClock,
      durations,
      onInstanceRunning: async (instance: InstanceSnapshot) => {
        // a CML simulator takes a moment to start, long enough for concurrent calls to queue up behind it
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (failNextStart) {
          failNextStart = false;
          throw new Error('CML simulator did not start');
        }
        events.push(`running ${instance.instanceId} ${instance.state} ${instance.publicIpAddress}`);
        return { endpoint: `https://127.0.0.1:${nextCmlPort++}` };
      },
      onInstanceStopped: async (instance) => {
        events.push(`stopped ${instance.instanceId} ${instance.endpoint}`);
      },
      onInstanceTerminated: async (instance) => {
        events.push(`terminated ${instance.instanceId} ${instance.endpoint}`);
      },
    });
    ec2 = ec2ClientFor(simulator);
  });
  afterEach(async () => {
    await simulator.reset();
    events.length = 0;
    nextCmlPort = 9443;
  });
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const launch = () => launchOne(ec2);
  const describeInstance = (instanceId: string) => describeOne(ec2, instanceId);
  const endpointTag = (instance: Instance) =>
    instance.Tags?.find((tag) => tag.Key === SIM_ENDPOINT_TAG)?.Value;

  it('reports a running instance only with the endpoint its hook returned, as the lcm:sim-endpoint tag', async () => {
    const instanceId = await launch();
    simulator.advanceTime(durations.pendingMs);

    const running = await describeInstance(instanceId);

    expect(running.State?.Name).toBe('running');
    expect(endpointTag(running)).toBe('https://127.0.0.1:9443');
    expect(events).toEqual([`running ${instanceId} running ${running.PublicIpAddress}`]);
    expect(await simulator.instance(instanceId)).toMatchObject({
      state: 'running',
      endpoint: 'https://127.0.0.1:9443',
    });
  });

  it('runs the hook once even when several calls observe the transition at the same time', async () => {
    const instanceId = await launch();
    simulator.advanceTime(durations.pendingMs);

    const [viaEc2, viaEc2Again, viaControl] = await Promise.all([
      describeInstance(instanceId),
      describeInstance(instanceId),
      simulator.instance(instanceId),
    ]);

    expect(events).toHaveLength(1);
    expect([endpointTag(viaEc2), endpointTag(viaEc2Again), viaControl?.endpoint]).toEqual([
      'https://127.0.0.1:9443',
      'https://127.0.0.1:9443',
      'https://127.0.0.1:9443',
    ]);
  });

  it('clears the endpoint when the instance stops, and gets a fresh one when it starts again', async () => {
    const instanceId = await launch();
    simulator.advanceTime(durations.pendingMs);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }));
    simulator.advanceTime(durations.stoppingMs);
    const stopped = await describeInstance(instanceId);
    await ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }));
    simulator.advanceTime(durations.pendingMs);
    const restarted = await describeInstance(instanceId);

    expect(endpointTag(stopped)).toBeUndefined();
    expect(endpointTag(restarted)).toBe('https://127.0.0.1:9444');
    expect(events.map((e) => e.split(' ')[0])).toEqual(['running', 'stopped', 'running']);
    expect(events[1]).toBe(`stopped ${instanceId} https://127.0.0.1:9443`);
  });

  it('tells the terminated hook about terminations through the API, behind the back, and by reset', async () => {
    const [viaApi, behindTheBack, byReset] = [await launch(), await launch(), await launch()];
    simulator.advanceTime(durations.pendingMs);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [viaApi] }));
    simulator.advanceTime(durations.shuttingDownMs);
    await simulator.terminateInstance(behindTheBack);
    await simulator.reset();

    expect(events.filter((e) => e.startsWith('terminated')).map((e) => e.split(' ')[1])).toEqual([
      viaApi,
      behindTheBack,
      byReset,
    ]);
  });

  it('answers InternalError while the hook fails and applies the transition on a later call', async () => {
    const instanceId = await launch();
    simulator.advanceTime(durations.pendingMs);
    failNextStart = true;

    await expect(describeInstance(instanceId)).rejects.toMatchObject({
      name: 'InternalError',
      $metadata: { httpStatusCode: 500 },
    });
    expect(await simulator.instance(instanceId)).toMatchObject({
      state: 'running',
      endpoint: 'https://127.0.0.1:9443',
    });
    expect(events).toHaveLength(1);
  });
});

import {
  DescribeInstancesCommand,
  EC2Client,
  paginateDescribeInstances,
  RunInstancesCommand,
  type _InstanceType,
  type Instance,
} from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';
import { fixedClock } from '../testing/fixed-clock';

const CML_2_9_1 = 'ami-0c3a1e0b2d4f60291';

describe('DescribeInstances', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    simulator = await startEc2Simulator({ now: fixedClock, durations: { pendingMs: 1_000 } });
    ec2 = ec2ClientFor(simulator);
  });
  afterEach(() => simulator.reset());
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const launch = async (
    count: number,
    tags: Record<string, string> = {},
    instanceType: _InstanceType = 't3.small',
  ) => {
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: CML_2_9_1,
        InstanceType: instanceType,
        MinCount: count,
        MaxCount: count,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
        ],
      }),
    );
    return (reservation.Instances ?? []).map((i) => i.InstanceId as string);
  };

  const describedInstances = async (command: DescribeInstancesCommand): Promise<Instance[]> => {
    const { Reservations = [] } = await ec2.send(command);
    return Reservations.flatMap((r) => r.Instances ?? []);
  };

  it('pages 1,200 managed instances matching a tag filter in two calls of MaxResults 1000', async () => {
    await launch(700, { 'lcm:managed': 'true' });
    await launch(150, { 'lcm:managed': 'false' });
    await launch(500, { 'lcm:managed': 'true' });
    simulator.resetCalls();

    const pages = [];
    for await (const page of paginateDescribeInstances(
      { client: ec2, pageSize: 1000 },
      { Filters: [{ Name: 'tag:lcm:managed', Values: ['true'] }] },
    )) {
      pages.push(page);
    }

    const perPage = pages.map((page) => page.Reservations?.flatMap((r) => r.Instances ?? []).length);
    expect(perPage).toEqual([1000, 200]);
    const ids = pages.flatMap((page) =>
      page.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId)),
    );
    expect(new Set(ids).size).toBe(1200);
    expect(simulator.calls().byAction).toEqual({ DescribeInstances: 2 });
  });

  it('groups the instances of a page by reservation', async () => {
    await launch(2);
    await launch(3);

    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({}));

    expect(Reservations.map((r) => r.Instances?.length)).toEqual([2, 3]);
  });

  it('combines filters with AND and the values of one filter with OR, wildcards allowed', async () => {
    const [small] = await launch(1, { Name: 'cml-small-1', env: 'dev' }, 't3.small');
    const [large] = await launch(1, { Name: 'cml-large-1', env: 'prod' }, 't3.large');
    await launch(1, { Name: 'other' }, 't3.large');

    const byNameAndEnv = await describedInstances(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:Name', Values: ['cml-*'] },
          { Name: 'tag:env', Values: ['dev', 'prod'] },
        ],
      }),
    );
    const byTypeAndKey = await describedInstances(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'instance-type', Values: ['t3.large'] },
          { Name: 'tag-key', Values: ['env'] },
        ],
      }),
    );

    expect(byNameAndEnv.map((i) => i.InstanceId)).toEqual([small, large]);
    expect(byTypeAndKey.map((i) => i.InstanceId)).toEqual([large]);
  });

  it('filters by instance-id and instance-state-name as the lifecycle moves on', async () => {
    const [first, second] = await launch(2);

    const pendingBefore = await describedInstances(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending'] }] }),
    );
    simulator.advanceTime(1_000);
    const runningSecond = await describedInstances(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'instance-state-name', Values: ['running'] },
          { Name: 'instance-id', Values: [second] },
        ],
      }),
    );

    expect(pendingBefore.map((i) => i.InstanceId)).toEqual([first, second]);
    expect(runningSecond.map((i) => i.InstanceId)).toEqual([second]);
  });

  it('describes named instances and fails with InvalidInstanceID.NotFound naming an unknown one', async () => {
    const [known] = await launch(1);

    expect(
      (await describedInstances(new DescribeInstancesCommand({ InstanceIds: [known] }))).map(
        (i) => i.InstanceId,
      ),
    ).toEqual([known]);
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [known, 'i-0123456789abcdef0'] })),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0123456789abcdef0' does not exist",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses malformed ids, unknown filters and out-of-range MaxResults', async () => {
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.Malformed',
    });
    await expect(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue', message: "The filter 'colour' is invalid" });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 2000 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});

import {
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';
import { fixedClock, TEST_EPOCH } from '../testing/fixed-clock';

const CML_2_9_1 = 'ami-0c3a1e0b2d4f60291';

describe('RunInstances', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    simulator = await startEc2Simulator({ now: fixedClock });
    ec2 = ec2ClientFor(simulator);
  });
  afterEach(() => simulator.reset());
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const launch = (clientToken?: string, instanceType: _InstanceType = 't3.small') =>
    ec2.send(
      new RunInstancesCommand({
        ImageId: CML_2_9_1,
        InstanceType: instanceType,
        MinCount: 1,
        MaxCount: 1,
        ClientToken: clientToken,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'Name', Value: 'cml-worker-1' },
              { Key: 'lcm:managed', Value: 'true' },
            ],
          },
          { ResourceType: 'volume', Tags: [{ Key: 'ignored', Value: 'volume tags are not instance tags' }] },
        ],
      }),
    );

  it('launches a pending instance with the requested image, type, tags and a private address', async () => {
    const reservation = await launch();

    expect(reservation.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(reservation.OwnerId).toBe('123456789012');
    const [instance] = reservation.Instances ?? [];
    expect(instance).toMatchObject({
      ImageId: CML_2_9_1,
      InstanceType: 't3.small',
      State: { Code: 0, Name: 'pending' },
      LaunchTime: new Date(TEST_EPOCH),
      Placement: { AvailabilityZone: 'us-east-1a' },
      Tags: [
        { Key: 'Name', Value: 'cml-worker-1' },
        { Key: 'lcm:managed', Value: 'true' },
      ],
    });
    expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(instance.PrivateIpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(instance.PublicIpAddress).toBeUndefined();
  });

  it('returns the same instance for a repeated ClientToken and never launches a second one', async () => {
    const first = await launch('worker-3f2a');
    const second = await launch('worker-3f2a');

    expect(second.Instances?.[0].InstanceId).toBe(first.Instances?.[0].InstanceId);
    expect(second.ReservationId).toBe(first.ReservationId);
    expect(await simulator.instances()).toHaveLength(1);
  });

  it('refuses a reused ClientToken with different parameters as IdempotentParameterMismatch', async () => {
    await launch('worker-3f2a', 't3.small');

    await expect(launch('worker-3f2a', 't3.large')).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
    expect(await simulator.instances()).toHaveLength(1);
  });

  it('launches MaxCount instances in one reservation with their launch indexes', async () => {
    const reservation = await ec2.send(
      new RunInstancesCommand({ ImageId: CML_2_9_1, InstanceType: 't3.micro', MinCount: 1, MaxCount: 3 }),
    );

    expect(reservation.Instances?.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    const described = await ec2.send(new DescribeInstancesCommand({}));
    expect(described.Reservations).toHaveLength(1);
    expect(described.Reservations?.[0].Instances).toHaveLength(3);
  });

  it('refuses an unknown AMI and MinCount above MaxCount with EC2 error codes', async () => {
    await expect(
      ec2.send(new RunInstancesCommand({ ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 })),
    ).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound', $metadata: { httpStatusCode: 400 } });
    await expect(
      ec2.send(new RunInstancesCommand({ ImageId: CML_2_9_1, MinCount: 3, MaxCount: 2 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    expect(await simulator.instances()).toHaveLength(0);
  });
});

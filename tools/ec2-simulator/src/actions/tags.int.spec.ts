import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';

describe('CreateTags and DeleteTags', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;
  let instanceId: string;

  beforeAll(async () => {
    simulator = await startEc2Simulator();
    ec2 = ec2ClientFor(simulator);
  });
  beforeEach(async () => {
    const reservation = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-0c3a1e0b2d4f60291',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'cml-1' }] }],
      }),
    );
    instanceId = reservation.Instances?.[0].InstanceId as string;
  });
  afterEach(() => simulator.reset());
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  const tagsOf = async (id: string) => {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return Object.fromEntries((Reservations?.[0].Instances?.[0].Tags ?? []).map((t) => [t.Key, t.Value]));
  };

  it('adds tags and overwrites the value of an existing key', async () => {
    await ec2.send(
      new CreateTagsCommand({
        Resources: [instanceId],
        Tags: [
          { Key: 'Name', Value: 'cml-renamed' },
          { Key: 'lcm:worker-id', Value: '3f2a' },
        ],
      }),
    );

    expect(await tagsOf(instanceId)).toEqual({ Name: 'cml-renamed', 'lcm:worker-id': '3f2a' });
  });

  it('deletes a tag by key, or only when its value matches if a value is given', async () => {
    await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'env', Value: 'dev' }] }));

    await ec2.send(new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'env', Value: 'prod' }] }));
    const afterMismatch = await tagsOf(instanceId);
    await ec2.send(new DeleteTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'env' }] }));

    expect(afterMismatch).toEqual({ Name: 'cml-1', env: 'dev' });
    expect(await tagsOf(instanceId)).toEqual({ Name: 'cml-1' });
  });

  it('tags AMIs too', async () => {
    await ec2.send(
      new CreateTagsCommand({
        Resources: ['ami-0c3a1e0b2d4f60291'],
        Tags: [{ Key: 'approved', Value: 'yes' }],
      }),
    );

    const { Images } = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'tag:approved', Values: ['yes'] }] }),
    );
    expect(Images?.map((i) => i.ImageId)).toEqual(['ami-0c3a1e0b2d4f60291']);
  });

  it('changes nothing when one resource is unknown', async () => {
    await expect(
      ec2.send(
        new CreateTagsCommand({
          Resources: [instanceId, 'i-0123456789abcdef0'],
          Tags: [{ Key: 'x', Value: '1' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });

    expect(await tagsOf(instanceId)).toEqual({ Name: 'cml-1' });
  });

  it('refuses more than 50 tags on one resource with TagLimitExceeded', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: `${i}` }));

    await expect(
      ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: tags })),
    ).rejects.toMatchObject({
      name: 'TagLimitExceeded',
    });
  });
});

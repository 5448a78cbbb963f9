import { DescribeImagesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { startEc2Simulator, type Ec2Simulator } from '../index';
import { ec2ClientFor } from '../testing/ec2-client-for';

/** How the worker-manager picks an AMI for a template: the newest image whose name matches the pattern. */
const newest = (images: readonly Image[] = []): Image | undefined =>
  [...images].sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];

describe('DescribeImages', () => {
  let simulator: Ec2Simulator;
  let ec2: EC2Client;

  beforeAll(async () => {
    simulator = await startEc2Simulator();
    ec2 = ec2ClientFor(simulator);
  });
  afterAll(async () => {
    ec2.destroy();
    await simulator.close();
  });

  it('finds the newest own CML image whose name matches CML-2.9-*', async () => {
    const { Images } = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: ['CML-2.9-*'] }] }),
    );

    expect(Images?.map((i) => i.Name)).toEqual(['CML-2.9-2.9.0-20250602', 'CML-2.9-2.9.1-20250915']);
    expect(newest(Images)).toMatchObject({
      ImageId: 'ami-0c3a1e0b2d4f60291',
      Name: 'CML-2.9-2.9.1-20250915',
      CreationDate: '2025-09-15T09:00:00.000Z',
      OwnerId: '123456789012',
      State: 'available',
    });
  });

  it('includes public images of other accounts when no owner is given', async () => {
    const { Images } = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['CML-2.9-*'] }] }),
    );

    expect(newest(Images)).toMatchObject({
      Name: 'CML-2.9-2.9.2-20251120',
      OwnerId: '210987654321',
      Public: true,
    });
  });

  it('selects Amazon images with Owners=amazon and answers an empty list when nothing matches', async () => {
    const amazon = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    const none = await ec2.send(
      new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['CML-9.9-*'] }] }),
    );

    expect(amazon.Images?.map((i) => i.ImageOwnerAlias)).toEqual(['amazon']);
    expect(none.Images).toEqual([]);
  });

  it('fails with InvalidAMIID.NotFound for an unknown image id', async () => {
    await expect(
      ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })),
    ).rejects.toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
  });
});

import {
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';

/** Launches one t3.small instance of a CML image through the SDK; its id. */
export async function launchOne(ec2: EC2Client): Promise<string> {
  const reservation = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-0c3a1e0b2d4f60291',
      InstanceType: 't3.small',
      MinCount: 1,
      MaxCount: 1,
    }),
  );
  return reservation.Instances?.[0].InstanceId as string;
}

/** The instance as DescribeInstances reports it. */
export async function describeOne(ec2: EC2Client, instanceId: string): Promise<Instance> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return Reservations?.[0].Instances?.[0] as Instance;
}

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  type Instance,
  type InstanceStateName,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { createLogger } from '@lcm/neuro-core/hosting';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2RequestRefused } from '../../domain/services/ec2-gateway';
import { AwsEc2Gateway } from './aws-ec2-gateway';

const ec2 = mockClient(EC2Client);
const silent = createLogger('test', { level: 'silent' });
const gateway = (simulator = true, logger = silent) =>
  new AwsEc2Gateway({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    simulator,
    logger,
    maxAttempts: 1,
    requestTimeoutMs: 1_000,
    amiOwners: ['self'],
    managedBy: 'lcm-worker-manager',
    securityGroupIds: ['sg-1'],
    subnetId: 'subnet-1',
  });

const instance = (n: number, state: string, tags: Record<string, string> = {}): Instance => ({
  InstanceId: `i-${n}`,
  State: { Name: state as InstanceStateName },
  InstanceType: 't3.small' as Instance['InstanceType'],
  ImageId: 'ami-1',
  PrivateIpAddress: `10.0.0.${n}`,
  PublicIpAddress: state === 'running' ? `203.0.113.${n}` : undefined,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

describe('AwsEc2Gateway', () => {
  beforeEach(() => ec2.reset());

  it('lists managed instances page by page with the managed-by filter, 1000 per call', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [
          { Instances: [instance(1, 'running', { 'lcm:sim-endpoint': 'http://127.0.0.1:9000' })] },
        ],
        NextToken: 'p2',
      })
      .resolvesOnce({ Reservations: [{ Instances: [instance(2, 'running'), instance(3, 'stopped')] }] });
    const found = await gateway().describeManagedInstances();
    expect(found.map((i) => [i.instanceId, i.state, i.httpsEndpoint])).toEqual([
      ['i-1', 'running', 'http://127.0.0.1:9000'],
      ['i-2', 'running', 'https://203.0.113.2'],
      ['i-3', 'stopped', null],
    ]);
    const calls = ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      {
        Filters: [{ Name: 'tag:lcm:managed-by', Values: ['lcm-worker-manager'] }],
        MaxResults: 1000,
        NextToken: undefined,
      },
      {
        Filters: [{ Name: 'tag:lcm:managed-by', Values: ['lcm-worker-manager'] }],
        MaxResults: 1000,
        NextToken: 'p2',
      },
    ]);
  });

  it('outside simulator mode ignores the simulator endpoint tag and warns once per instance', async () => {
    const tagged = { 'lcm:sim-endpoint': 'http://attacker.example:9000' };
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [instance(1, 'running', tagged), instance(2, 'running', tagged)] }],
    });
    const logger = createLogger('test', { level: 'silent' });
    const warn = jest.spyOn(logger, 'warn');
    const aws = gateway(false, logger);
    for (let pass = 0; pass < 3; pass++) {
      const found = await aws.describeManagedInstances();
      expect(found.map((i) => i.httpsEndpoint)).toEqual(['https://203.0.113.1', 'https://203.0.113.2']);
    }
    expect(warn.mock.calls.map(([fields]) => (fields as { instanceId: string }).instanceId)).toEqual([
      'i-1',
      'i-2',
    ]);
    expect(warn.mock.calls[0]![1]).toContain('EC2_SIMULATOR=false');
  });

  it('picks the newest image matching the pattern among the configured owners', async () => {
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        { ImageId: 'ami-old', CreationDate: '2025-06-02T00:00:00.000Z' },
        { ImageId: 'ami-new', CreationDate: '2025-09-15T00:00:00.000Z' },
      ],
    });
    expect(await gateway().newestImage('CML-2.9-*')).toBe('ami-new');
    expect(ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toMatchObject({
      Owners: ['self'],
      Filters: [
        { Name: 'name', Values: ['CML-2.9-*'] },
        { Name: 'state', Values: ['available'] },
      ],
    });
  });

  it('launches with the worker id as ClientToken and the LCM tags', async () => {
    ec2.on(RunInstancesCommand).resolves({ Instances: [{ InstanceId: 'i-9' }] });
    const id = await gateway().launch({
      workerId: 'w-1',
      workerName: 'small-w1',
      templateName: 'small',
      instanceType: 't3.small',
      amiId: 'ami-1',
    });
    expect(id).toBe('i-9');
    expect(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input).toMatchObject({
      ClientToken: 'w-1',
      ImageId: 'ami-1',
      SubnetId: 'subnet-1',
      SecurityGroupIds: ['sg-1'],
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: 'small-w1' },
            { Key: 'lcm:worker-id', Value: 'w-1' },
            { Key: 'lcm:template', Value: 'small' },
            { Key: 'lcm:managed-by', Value: 'lcm-worker-manager' },
          ],
        },
      ],
    });
  });

  it('turns a permanent refusal into Ec2RequestRefused and lets throttling through as it is', async () => {
    const refusal = new EC2ServiceException({
      name: 'InvalidAMIID.NotFound',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'no such AMI',
    });
    const throttled = new EC2ServiceException({
      name: 'RequestLimitExceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 503 },
      message: 'slow down',
    });
    ec2.on(RunInstancesCommand).rejectsOnce(refusal).rejectsOnce(throttled);
    const request = {
      workerId: 'w-1',
      workerName: 'n',
      templateName: 'small',
      instanceType: 't3.small',
      amiId: 'ami-x',
    };
    await expect(gateway().launch(request)).rejects.toBeInstanceOf(Ec2RequestRefused);
    await expect(gateway().launch(request)).rejects.toThrow('slow down');
  });
});

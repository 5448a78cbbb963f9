import { type Ec2Simulator, startEc2Simulator } from '@lcm/ec2-simulator';
import { createLogger } from '@lcm/neuro-core/hosting';
import { AwsEc2Gateway } from './aws-ec2-gateway';

const TIMEOUT_MS = 200;
const ATTEMPTS = 3;

describe('AwsEc2Gateway against an EC2 that hangs', () => {
  let ec2: Ec2Simulator;
  let gateway: AwsEc2Gateway;

  beforeAll(async () => {
    ec2 = await startEc2Simulator();
    gateway = new AwsEc2Gateway({
      region: 'us-east-1',
      endpoint: ec2.url,
      simulator: true,
      logger: createLogger('test', { level: 'silent' }),
      maxAttempts: ATTEMPTS,
      requestTimeoutMs: TIMEOUT_MS,
      amiOwners: ['self'],
      managedBy: 'lcm-worker-manager',
      securityGroupIds: [],
    });
  });
  afterEach(() => ec2.reset());
  afterAll(async () => {
    gateway.close();
    await ec2.close();
  });

  it('gives up on a hung attempt after requestTimeoutMs and retries it, so the call succeeds', async () => {
    ec2.injectFault({ kind: 'hang', action: 'DescribeInstances', count: ATTEMPTS - 1 });

    await expect(gateway.describeManagedInstances()).resolves.toEqual([]);

    expect(ec2.calls().byAction).toEqual({ DescribeInstances: ATTEMPTS });
    expect(ec2.faults()).toEqual([]);
  });

  it('fails a call EC2 never answers with a TimeoutError after its attempts, in bounded time', async () => {
    ec2.injectFault({ kind: 'hang', count: 1_000 });
    const startedAt = Date.now();

    await expect(gateway.describeStatusChecks()).rejects.toMatchObject({
      name: 'TimeoutError',
      $metadata: { attempts: ATTEMPTS },
    });

    // three attempts of 200 ms plus two jittered backoffs under 0.15 s; the bound leaves room for load
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(ec2.calls().byAction).toEqual({ DescribeInstanceStatus: ATTEMPTS });
  });

  it('launches once through a hung RunInstances: the retry carries the same ClientToken', async () => {
    ec2.injectFault({ kind: 'hang', action: 'RunInstances', count: ATTEMPTS - 1 });

    const instanceId = await gateway.launch({
      workerId: 'w-1',
      workerName: 'small-w1',
      templateName: 'small',
      instanceType: 't3.small',
      amiId: 'ami-0c3a1e0b2d4f60291',
    });

    expect((await ec2.instances()).map((i) => [i.instanceId, i.clientToken])).toEqual([[instanceId, 'w-1']]);
  });
});

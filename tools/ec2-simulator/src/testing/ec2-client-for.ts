import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { Ec2Simulator } from '../ec2-simulator';

/** A real SDK client pointed at a simulator with dummy credentials, as the worker-manager will build one. */
export function ec2ClientFor(simulator: Pick<Ec2Simulator, 'url'>, config: EC2ClientConfig = {}): EC2Client {
  return new EC2Client({
    region: 'us-east-1',
    endpoint: simulator.url,
    credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 1,
    ...config,
  });
}

import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  EC2Client,
  type Filter,
  type Instance,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { Logger } from '@lcm/neuro-core';
import type { Ec2InstanceState, InstanceObservation } from '../../domain/entities/worker-values';
import {
  type Ec2Gateway,
  Ec2RequestRefused,
  type InstanceStatusChecks,
  type LaunchRequest,
} from '../../domain/services/ec2-gateway';

/**
 * The tag the EC2 simulator puts on a running instance: the URL of its CML simulator. Honoured only in
 * simulator mode: on real AWS anyone allowed to tag an instance could otherwise point worker-manager (and
 * the CML admin password it logs in with) at a URL of their choice.
 */
export const SIM_ENDPOINT_TAG = 'lcm:sim-endpoint';
/** The tag that marks LCM's instances; fleet listings filter on it. */
export const MANAGED_BY_TAG = 'lcm:managed-by';

/** How the EC2 adapter is configured (from the settings). */
export interface AwsEc2GatewayOptions {
  readonly region: string;
  /** A custom endpoint (the simulator); unset for AWS. */
  readonly endpoint?: string;
  /**
   * The endpoint is the EC2 simulator: the `lcm:sim-endpoint` tag names each worker's CML, and placeholder
   * credentials stand in when the environment has none. Off, the tag is ignored (and reported once per
   * instance) and credentials always come from the SDK's chain.
   */
  readonly simulator: boolean;
  /** Where an ignored `lcm:sim-endpoint` tag is reported. */
  readonly logger: Logger;
  /**
   * Attempts per call; the SDK's standard retry backs off on throttling (RequestLimitExceeded), 5xx and
   * timed-out attempts.
   */
  readonly maxAttempts: number;
  /**
   * Time limit of one attempt, from its request to the whole answer. A hung connection then fails the
   * attempt (`TimeoutError`, retried) instead of holding the call, and with it a reconcile pass or a launch.
   */
  readonly requestTimeoutMs: number;
  readonly amiOwners: readonly string[];
  readonly managedBy: string;
  readonly subnetId?: string;
  readonly securityGroupIds: readonly string[];
  readonly keyName?: string;
}

const PAGE_SIZE = 1000;
const TRANSIENT = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'InternalError',
  'ServiceUnavailable',
  'Unavailable',
]);

/**
 * The Ec2Gateway on the AWS SDK (v3). Credentials come from the standard provider chain; in simulator mode
 * without credentials in the environment, placeholder ones are used, since the simulator does not check
 * signatures.
 */
export class AwsEc2Gateway implements Ec2Gateway {
  private readonly client: EC2Client;
  /** Instances whose ignored `lcm:sim-endpoint` tag was already reported: one warning each, not one per pass. */
  private readonly reportedSimTags = new Set<string>();

  constructor(private readonly options: AwsEc2GatewayOptions) {
    this.client = new EC2Client({
      region: options.region,
      maxAttempts: options.maxAttempts,
      retryMode: 'standard',
      // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and waits on.
      requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true },
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.simulator && !process.env['AWS_ACCESS_KEY_ID']
        ? { credentials: { accessKeyId: 'simulator', secretAccessKey: 'simulator' } }
        : {}),
    });
  }

  describeManagedInstances(): Promise<InstanceObservation[]> {
    return this.describe([{ Name: `tag:${MANAGED_BY_TAG}`, Values: [this.options.managedBy] }]);
  }

  describeInstances(instanceIds: readonly string[]): Promise<InstanceObservation[]> {
    if (instanceIds.length === 0) return Promise.resolve([]);
    // A filter (not InstanceIds) so an unknown id is just absent instead of an InvalidInstanceID.NotFound error.
    return this.describe([{ Name: 'instance-id', Values: [...instanceIds] }]);
  }

  describeWorkerInstances(workerId: string): Promise<InstanceObservation[]> {
    return this.describe([{ Name: 'tag:lcm:worker-id', Values: [workerId] }]);
  }

  async describeStatusChecks(): Promise<InstanceStatusChecks[]> {
    // DescribeInstanceStatus takes no tag filter, and at most 100 instance ids without paging: listing every
    // running instance a page of 1,000 at a time keeps a fleet of N at ceil(N / 1000) calls.
    const found: InstanceStatusChecks[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new DescribeInstanceStatusCommand({ MaxResults: PAGE_SIZE, NextToken: nextToken })),
      );
      for (const status of page.InstanceStatuses ?? []) {
        found.push({
          instanceId: status.InstanceId ?? '',
          system: status.SystemStatus?.Status ?? 'insufficient-data',
          instance: status.InstanceStatus?.Status ?? 'insufficient-data',
        });
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return found;
  }

  async newestImage(namePattern: string): Promise<string | undefined> {
    const answer = await this.call(() =>
      this.client.send(
        new DescribeImagesCommand({
          Owners: [...this.options.amiOwners],
          Filters: [
            { Name: 'name', Values: [namePattern] },
            { Name: 'state', Values: ['available'] },
          ],
        }),
      ),
    );
    const newest = [...(answer.Images ?? [])].sort((a, b) =>
      (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''),
    )[0];
    return newest?.ImageId;
  }

  async launch(request: LaunchRequest): Promise<string> {
    const answer = await this.call(() =>
      this.client.send(
        new RunInstancesCommand({
          ImageId: request.amiId,
          InstanceType: request.instanceType as never,
          MinCount: 1,
          MaxCount: 1,
          ClientToken: request.workerId,
          ...(this.options.subnetId ? { SubnetId: this.options.subnetId } : {}),
          ...(this.options.securityGroupIds.length
            ? { SecurityGroupIds: [...this.options.securityGroupIds] }
            : {}),
          ...(this.options.keyName ? { KeyName: this.options.keyName } : {}),
          TagSpecifications: [
            {
              ResourceType: 'instance',
              Tags: [
                { Key: 'Name', Value: request.workerName },
                { Key: 'lcm:worker-id', Value: request.workerId },
                { Key: 'lcm:template', Value: request.templateName },
                { Key: MANAGED_BY_TAG, Value: this.options.managedBy },
              ],
            },
          ],
        }),
      ),
    );
    const instanceId = answer.Instances?.[0]?.InstanceId;
    if (!instanceId) throw new Error(`RunInstances for worker ${request.workerId} returned no instance`);
    return instanceId;
  }

  async start(instanceId: string): Promise<void> {
    await this.call(() => this.client.send(new StartInstancesCommand({ InstanceIds: [instanceId] })));
  }

  async stop(instanceId: string): Promise<void> {
    await this.call(() => this.client.send(new StopInstancesCommand({ InstanceIds: [instanceId] })));
  }

  async terminate(instanceId: string): Promise<void> {
    await this.call(() => this.client.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })));
  }

  async tagWorker(instanceId: string, workerId: string, templateName: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new CreateTagsCommand({
          Resources: [instanceId],
          Tags: [
            { Key: 'lcm:worker-id', Value: workerId },
            { Key: 'lcm:template', Value: templateName },
            { Key: MANAGED_BY_TAG, Value: this.options.managedBy },
          ],
        }),
      ),
    );
  }

  /** Closes the SDK's connections. */
  close(): void {
    this.client.destroy();
  }

  private async describe(filters: Filter[]): Promise<InstanceObservation[]> {
    const found: InstanceObservation[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new DescribeInstancesCommand({ Filters: filters, MaxResults: PAGE_SIZE, NextToken: nextToken }),
        ),
      );
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) found.push(this.toObservation(instance));
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return found;
  }

  private toObservation(instance: Instance): InstanceObservation {
    const tags = Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    const instanceId = instance.InstanceId ?? '';
    const publicIp = instance.PublicIpAddress ?? null;
    const state = (instance.State?.Name ?? 'pending') as Ec2InstanceState;
    const simEndpoint = this.simEndpointOf(instanceId, tags[SIM_ENDPOINT_TAG]);
    const endpoint = state === 'running' ? (simEndpoint ?? (publicIp ? `https://${publicIp}` : null)) : null;
    return {
      instanceId,
      state,
      privateIp: instance.PrivateIpAddress ?? null,
      publicIp,
      httpsEndpoint: endpoint,
      instanceType: String(instance.InstanceType ?? ''),
      imageId: instance.ImageId ?? '',
      tags,
    };
  }

  /** The simulator's endpoint tag in simulator mode; outside it the tag is ignored and reported once. */
  private simEndpointOf(instanceId: string, tagValue: string | undefined): string | undefined {
    if (tagValue === undefined) return undefined;
    if (this.options.simulator) return tagValue;
    if (!this.reportedSimTags.has(instanceId)) {
      this.reportedSimTags.add(instanceId);
      this.options.logger.warn(
        { instanceId, tag: SIM_ENDPOINT_TAG, tagValue },
        'instance carries the simulator endpoint tag outside simulator mode (EC2_SIMULATOR=false); ignored, its CML is reached at its public address',
      );
    }
    return undefined;
  }

  /** Turns a permanent EC2 refusal (4xx other than throttling) into Ec2RequestRefused; transient failures stay as they are. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode ?? 0;
      if (e.name && !TRANSIENT.has(e.name) && status >= 400 && status < 500) {
        throw new Ec2RequestRefused(e.name, e.message ?? e.name);
      }
      throw error;
    }
  }
}

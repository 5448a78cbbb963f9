import type { InstanceObservation } from '../entities/worker-values';

/** What a launch needs: the worker it is for (also the idempotency token) and its template's EC2 settings. */
export interface LaunchRequest {
  /** The worker id: the `ClientToken`, so a retried or crashed launch never makes a second instance. */
  readonly workerId: string;
  readonly workerName: string;
  readonly templateName: string;
  readonly instanceType: string;
  readonly amiId: string;
}

/** EC2's two status checks of a running instance (`DescribeInstanceStatus`). */
export interface InstanceStatusChecks {
  readonly instanceId: string;
  /** The AWS side: `ok`, `impaired`, `initializing`, `insufficient-data`, `not-applicable`. */
  readonly system: string;
  /** The instance itself, same values. */
  readonly instance: string;
}

/** Why EC2 refused a request for good (a bad AMI, parameters, quota), as opposed to a transient failure. */
export class Ec2RequestRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Ec2RequestRefused';
  }
}

/**
 * The EC2 operations worker-manager needs (a port; the adapter is the AWS SDK). Transient failures
 * (throttling, 5xx) are retried inside the adapter and thrown when they persist; permanent refusals throw
 * Ec2RequestRefused.
 */
export interface Ec2Gateway {
  /** Every instance tagged as managed by LCM, in any state, paginated: never one call per instance. */
  describeManagedInstances(): Promise<InstanceObservation[]>;
  /** The given instances (an unknown id is simply missing from the answer). */
  describeInstances(instanceIds: readonly string[]): Promise<InstanceObservation[]>;
  /** The instances tagged with this worker id (finds a launch whose answer was lost). */
  describeWorkerInstances(workerId: string): Promise<InstanceObservation[]>;
  /** Status checks of every running instance, paginated (1,000 a page): never one call per instance. */
  describeStatusChecks(): Promise<InstanceStatusChecks[]>;
  /** The id of the newest image whose name matches the pattern (`*` wildcards), or undefined. */
  newestImage(namePattern: string): Promise<string | undefined>;
  /** RunInstances with the worker id as ClientToken and the LCM tags; returns the instance id. */
  launch(request: LaunchRequest): Promise<string>;
  start(instanceId: string): Promise<void>;
  stop(instanceId: string): Promise<void>;
  terminate(instanceId: string): Promise<void>;
  /** Tags an adopted instance with its new worker id. */
  tagWorker(instanceId: string, workerId: string, templateName: string): Promise<void>;
}

/** DI token of the Ec2Gateway. */
export const EC2_GATEWAY = Symbol.for('lcm.Ec2Gateway');

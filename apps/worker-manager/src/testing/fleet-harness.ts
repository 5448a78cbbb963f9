import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { type CmlSimulator, type CmlSimulatorOptions, startCmlSimulator } from '@lcm/cml-simulator';
import { type Ec2Simulator, type Ec2SimulatorOptions, startEc2Simulator } from '@lcm/ec2-simulator';
import { ManualClock, type OperationResult } from '@lcm/neuro-core';
import type { ServiceContext } from '@lcm/neuro-core/hosting';
import { type TestService, startTestService } from '@lcm/neuro-core/testing';
import { ReconcileFleetCommand } from '../application/commands/reconcile-fleet.command';
import type { WorkerDto } from '../application/dtos/worker.dto';
import type { ReconcileReport } from '../application/services/worker-reconciler';
import type { WorkerManagerSettings } from '../application/settings';
import { CmlWorker } from '../domain/entities/cml-worker.aggregate';
import type { WorkerStatus } from '../domain/entities/worker-values';
import { WORKER_REPOSITORY, type WorkerRepository } from '../domain/repositories/worker.repository';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../domain/repositories/worker-template.repository';
import { workerManagerService } from '../service';

/** What a fleet test runs against: the service, the EC2 simulator and one CML simulator per running instance. */
export interface FleetHarness {
  readonly service: TestService<WorkerManagerSettings>;
  readonly ec2: Ec2Simulator;
  readonly clock: ManualClock;
  /** CML simulators by instance id (while the instance runs). */
  readonly cml: Map<string, CmlSimulator>;
  /** One fleet reconcile pass, as the scheduled job runs it. */
  reconcile(): Promise<OperationResult<ReconcileReport>>;
  /** Reconciles until the worker reaches `status` (a few passes at most), then returns it. */
  reconcileUntil(workerId: string, status: WorkerStatus): Promise<WorkerDto>;
  /** The worker as the API shows it to an admin. */
  worker(workerId: string): Promise<WorkerDto>;
  /** Creates a worker through the API as an admin. */
  createWorker(templateName?: string): Promise<WorkerDto>;
  /** A worker brought to RUNNING with a licence registration requested (202), not yet confirmed. */
  runningWithLicenceRequested(templateName?: string): Promise<string>;
  close(): Promise<void>;
}

/** How a fleet test wants its world. */
export interface FleetHarnessOptions {
  readonly env?: Record<string, string>;
  readonly ec2?: Ec2SimulatorOptions;
  readonly cml?: CmlSimulatorOptions;
  /** Runs after the service's configure (swap adapters for counting wrappers). */
  readonly configure?: (context: ServiceContext<WorkerManagerSettings>) => void;
  /** Runs against the simulator before the service starts (e.g. to leave an orphan for the start-up sweep). */
  readonly prepare?: (ec2: Ec2Simulator) => Promise<void>;
}

/**
 * Starts the EC2 simulator (instant transitions unless told otherwise), a CML simulator for each instance
 * that reaches running, and worker-manager pointed at them through the real AWS SDK and the real Redis,
 * in simulator mode (`EC2_SIMULATOR=true`) unless `env` says otherwise.
 * The periodic reconcile is pushed out of the way (1 h) so tests drive passes themselves.
 */
export async function startFleetHarness(options: FleetHarnessOptions = {}): Promise<FleetHarness> {
  const cml = new Map<string, CmlSimulator>();
  const stopCml = async (instanceId: string) => {
    await cml.get(instanceId)?.close();
    cml.delete(instanceId);
  };
  const ec2 = await startEc2Simulator({
    durations: { pendingMs: 0, stoppingMs: 0, shuttingDownMs: 0 },
    onInstanceRunning: async (instance) => {
      const simulator = await startCmlSimulator({ licenseRegistrationDelayMs: 0, ...options.cml });
      cml.set(instance.instanceId, simulator);
      return { endpoint: simulator.url };
    },
    onInstanceStopped: (instance) => stopCml(instance.instanceId),
    onInstanceTerminated: (instance) => stopCml(instance.instanceId),
    ...options.ec2,
  });
  await options.prepare?.(ec2);
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const service = await startTestService(workerManagerService, {
    clock,
    env: {
      AWS_ENDPOINT_URL_EC2: ec2.url,
      EC2_SIMULATOR: 'true',
      AWS_REGION: 'us-east-1',
      RECONCILE_INTERVAL_SECONDS: '3600',
      LICENSE_POLL_INTERVAL_MS: '50',
      CML_TIMEOUT_MS: '3000',
      EC2_MAX_ATTEMPTS: '4',
      ...options.env,
    },
    configure: options.configure,
  });
  const harness: FleetHarness = {
    service,
    ec2,
    clock,
    cml,
    reconcile: () => service.mediator.execute(new ReconcileFleetCommand()),
    async worker(workerId) {
      const answer = await service.http
        .get(`/api/workers/${workerId}`)
        .set('Authorization', service.token('admin'));
      if (answer.status !== 200) throw new Error(`GET worker ${workerId}: ${answer.status}`);
      return answer.body as WorkerDto;
    },
    async reconcileUntil(workerId, status) {
      for (let pass = 0; pass < 10; pass++) {
        const worker = await harness.worker(workerId);
        if (worker.status === status) return worker;
        await harness.reconcile();
      }
      const worker = await harness.worker(workerId);
      if (worker.status !== status)
        throw new Error(`worker ${workerId} is ${worker.status}, not ${status}, after 10 passes`);
      return worker;
    },
    async createWorker(templateName = 'small') {
      const answer = await service.http
        .post('/api/workers')
        .set('Authorization', service.token('admin'))
        .send({ templateName });
      if (answer.status !== 201)
        throw new Error(`POST /api/workers: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as WorkerDto;
    },
    async runningWithLicenceRequested(templateName = 'small') {
      const { id } = await harness.createWorker(templateName);
      await harness.reconcileUntil(id, 'RUNNING');
      const answer = await service.http
        .put(`/api/workers/${id}/license`)
        .set('Authorization', service.token('admin'))
        .send({ token: 'smart-licensing-token' });
      if (answer.status !== 202)
        throw new Error(`PUT licence of ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return id;
    },
    async close() {
      await service.close();
      await ec2.close();
      for (const simulator of cml.values()) await simulator.close();
    },
  };
  return harness;
}

/** An SDK client on the simulator, for tests that act behind worker-manager's back. */
export function ec2ClientFor(ec2: Ec2Simulator): EC2Client {
  return new EC2Client({
    region: 'us-east-1',
    endpoint: ec2.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/** Launches an instance tagged as managed by LCM that no worker knows (an orphan). */
export async function launchOrphan(ec2: Ec2Simulator, tags: Record<string, string> = {}): Promise<string> {
  const client = ec2ClientFor(ec2);
  try {
    const answer = await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-0c3a1e0b2d4f60291',
        InstanceType: 't3.small',
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: Object.entries({ 'lcm:managed-by': 'lcm-worker-manager', ...tags }).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          },
        ],
      }),
    );
    return answer.Instances?.[0]?.InstanceId as string;
  } finally {
    client.destroy();
  }
}

/**
 * Puts `count` `small` workers in the fleet at once, each PROVISIONING on an instance the simulator
 * launched in one RunInstances call (the launch path is not what fleet-scale tests and benches measure).
 */
export async function seedProvisioningFleet(
  fleet: FleetHarness,
  count: number,
  createdBy: string,
): Promise<void> {
  const workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
  const templates = fleet.service.container.get<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY);
  const small = (await templates.get('small'))!;
  const client = ec2ClientFor(fleet.ec2);
  try {
    await client.send(
      new RunInstancesCommand({
        ImageId: 'ami-0c3a1e0b2d4f60291',
        InstanceType: 't3.small',
        MinCount: count,
        MaxCount: count,
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'lcm:managed-by', Value: 'lcm-worker-manager' }] },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
  const now = fleet.clock.now();
  for (const instance of await fleet.ec2.instances()) {
    const worker = CmlWorker.create(crypto.randomUUID(), { template: small.state, createdBy }, now);
    worker.markProvisioning(instance.instanceId, instance.imageId, now);
    await workers.add(worker);
  }
}

/** Lets queued background jobs (on-demand reconciles) run before a test counts calls or writes. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

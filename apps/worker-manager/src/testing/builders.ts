import { CmlWorker } from '../domain/entities/cml-worker.aggregate';
import type { WorkerTemplateState } from '../domain/entities/worker-template.aggregate';
import type { InstanceObservation, WorkerStatus } from '../domain/entities/worker-values';

/** Test time zero. */
export const T0 = new Date('2026-01-01T00:00:00Z');

/** A template like the seed `small` one, with overrides. */
export function aTemplate(overrides: Partial<WorkerTemplateState> = {}): WorkerTemplateState {
  return {
    name: 'small',
    description: 'Small CML worker',
    instanceType: 't3.small',
    capacity: { cpuCores: 2, memoryGb: 2, storageGb: 50, maxNodes: 5 },
    licenseType: 'PERSONAL',
    costPerHourUsd: 0.0208,
    amiNamePattern: 'CML-2.9-*',
    region: 'us-east-1',
    enabled: true,
    drainTimeoutHours: 4,
    portRange: { start: 2000, end: 9999 },
    ...overrides,
  };
}

/** An EC2 observation of a worker's instance. */
export function anInstance(
  state: InstanceObservation['state'],
  overrides: Partial<InstanceObservation> = {},
): InstanceObservation {
  const running = state === 'running';
  return {
    instanceId: 'i-0abc',
    state,
    privateIp: '10.0.0.7',
    publicIp: running ? '203.0.113.7' : null,
    httpsEndpoint: running ? 'https://203.0.113.7' : null,
    instanceType: 't3.small',
    imageId: 'ami-1',
    tags: {},
    ...overrides,
  };
}

let counter = 0;

/**
 * A worker walked through the status machine to `status` (events of the walk already taken, as if saved),
 * so a test starts from a legal history instead of hand-written state.
 */
export function aWorkerIn(status: WorkerStatus, at: Date = T0): CmlWorker {
  counter++;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const worker = CmlWorker.create(id, { template: aTemplate(), createdBy: 'admin-1' }, at);
  const walk: Record<WorkerStatus, () => void> = {
    PENDING: () => undefined,
    PROVISIONING: () => worker.markProvisioning('i-0abc', 'ami-1', at),
    STARTING: () => {
      walk.PROVISIONING();
      worker.observe(anInstance('running'), at);
    },
    RUNNING: () => {
      walk.STARTING();
      worker.markCmlReady('2.9.1', at);
    },
    DRAINING: () => {
      walk.RUNNING();
      worker.requestDrain('admin-1', at);
    },
    STOPPING: () => {
      walk.RUNNING();
      worker.requestStop('admin-1', at);
      worker.markStopping(at);
    },
    STOPPED: () => {
      walk.STOPPING();
      worker.observe(anInstance('stopped'), at);
    },
    TERMINATING: () => {
      walk.RUNNING();
      worker.requestTerminate('admin-1', at);
      worker.markTerminating(at);
    },
    TERMINATED: () => {
      walk.TERMINATING();
      worker.observe(anInstance('terminated'), at);
    },
    FAILED: () => worker.markFailed('NO_AMI_MATCHES', at),
  };
  walk[status]();
  worker.markPersisted(1);
  return worker;
}

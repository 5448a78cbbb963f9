// Starts session-manager the way production does (startTestService) with a fake lab-manager credentials
// port and no jobs unless a spec asks, and feeds its read models through CloudEvents as the other services
// would.
import type { LabletDefinitionViewState } from '../domain/entities/lablet-definition-view.aggregate';
import { randomUUID } from 'node:crypto';
import { LabEventTypes, LabletDefinitionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { ManualClock } from '@lcm/neuro-core';
import { type TestService, startTestService } from '@lcm/neuro-core/testing';
import { PLACEMENT_TRIGGER, type PlacementTrigger } from '../application/services/placement-trigger';
import type { SessionManagerSettings } from '../application/settings';
import {
  LAB_CREDENTIALS_PROVIDER,
  type LabCredentialsProvider,
} from '../application/services/lab-credentials';
import { sessionManagerService } from '../service';
import { NOW } from './builders';

/** A lab-manager stand-in that knows one password per lab record and counts the calls. */
export class FakeLabCredentials implements LabCredentialsProvider {
  calls = 0;
  readonly passwords = new Map<string, string>();

  async credentialsOf(labRecordId: string) {
    this.calls++;
    const password = this.passwords.get(labRecordId);
    return password ? { username: `lcm-${labRecordId}`, password } : undefined;
  }
}

/** Records placement requests instead of queueing a job, so specs run placement when they choose. */
export class RecordingPlacementTrigger implements PlacementTrigger {
  readonly reasons: string[] = [];

  async requestPlacement(reason: string) {
    this.reasons.push(reason);
  }
}

/** A running session-manager for a spec, with its clock, fake lab-manager and event helpers. */
export interface SessionManagerFixture {
  readonly svc: TestService<SessionManagerSettings>;
  readonly clock: ManualClock;
  readonly credentials: FakeLabCredentials;
  /** The recorded placement requests; undefined when the real job trigger is used. */
  readonly trigger?: RecordingPlacementTrigger;
}

/**
 * Which of the service's jobs run: `none` (the default) declares no job at all, so nothing but the spec
 * moves a session; `periodic` runs the placement and timer schedulers while on-demand placement is only
 * recorded; `all` runs every job as production does.
 */
export type FixtureJobs = 'none' | 'periodic' | 'all';

/**
 * Starts the service at NOW with a fake lab-manager. Without jobs a spec drives placement and timers
 * itself: a job scheduler runs its first job as soon as it is declared, whatever its interval, and on a
 * busy machine that run lands in the middle of a spec.
 */
export async function startSessionManager(
  env: Record<string, string> = {},
  options: { jobs?: FixtureJobs } = {},
): Promise<SessionManagerFixture> {
  const jobs = options.jobs ?? 'none';
  const clock = new ManualClock(NOW);
  const credentials = new FakeLabCredentials();
  const trigger = jobs === 'all' ? undefined : new RecordingPlacementTrigger();
  const definition = jobs === 'none' ? { ...sessionManagerService, jobs: undefined } : sessionManagerService;
  const svc = await startTestService(definition, {
    clock,
    env,
    configure: ({ container }) => {
      container.rebind(LAB_CREDENTIALS_PROVIDER).toConstantValue(credentials);
      if (trigger) container.rebind(PLACEMENT_TRIGGER).toConstantValue(trigger);
    },
  });
  return { svc, clock, credentials, trigger };
}

/** A definition as lab-manager's events carry it, less its id: enabled, 3 nodes, two console ports. */
export function aDefinitionSummary(overrides: Partial<LabletDefinitionViewState> = {}) {
  return {
    name: 'ccna-lab',
    version: '1.0.0',
    nodeCount: 3,
    resourceRequirements: { cpuCores: 1, memoryGb: 2, storageGb: 10 },
    licenseAffinity: ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
    portTemplate: ['PORT_SERIAL_1', 'PORT_SERIAL_2'],
    maxDurationMinutes: 120,
    enabled: true,
    ...overrides,
  } satisfies Partial<LabletDefinitionViewState>;
}

/** lab-manager announces a definition version (defaults: ccna-lab 1.0.0, 1 cpu, 3 nodes, 2 ports, 120 min). */
export async function defineLablet(
  svc: TestService<SessionManagerSettings>,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const definitionId = (overrides['definitionId'] as string | undefined) ?? randomUUID();
  accepted(
    await svc.receive({
      type: LabletDefinitionEventTypes.created,
      source: '/lab-manager',
      data: { definitionId, ...aDefinitionSummary(), ...overrides },
    }),
  );
  return definitionId;
}

/** A worker event's data (default: RUNNING ENTERPRISE in us-east-1, 8 cpu, 32 GB, 200 GB, 30 nodes). */
export function workerSnapshot(
  workerId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const status = (overrides['status'] as string | undefined) ?? 'RUNNING';
  return {
    workerId,
    status,
    templateName: 'large',
    region: 'us-east-1',
    licenseType: 'ENTERPRISE',
    capacity: { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    httpsEndpoint: 'https://10.0.0.5',
    oldStatus: 'STARTING',
    newStatus: status,
    reason: 'test',
    ...overrides,
  };
}

/** worker-manager reports a worker (see `workerSnapshot` for the defaults). */
export async function reportWorker(
  svc: TestService<SessionManagerSettings>,
  overrides: Record<string, unknown> = {},
  type: string = WorkerEventTypes.statusChanged,
): Promise<string> {
  const workerId = (overrides['workerId'] as string | undefined) ?? randomUUID();
  accepted(await svc.receive({ type, source: '/worker-manager', data: workerSnapshot(workerId, overrides) }));
  return workerId;
}

/** lab-manager reports a session's lab ready. */
export function labReady(
  svc: TestService<SessionManagerSettings>,
  sessionId: string,
  workerId: string,
  id?: string,
) {
  return svc.receive({
    type: LabEventTypes.ready,
    source: '/lab-manager',
    id,
    data: {
      sessionId,
      labRecordId: `lab-${sessionId.slice(0, 8)}`,
      workerId,
      cmlLabId: 'cml-1',
      accessUrl: 'https://10.0.0.5/lab/cml-1',
      username: `lcm-${sessionId.slice(0, 8)}`,
      ports: { PORT_SERIAL_1: 2001, PORT_SERIAL_2: 2002 },
    },
  });
}

/** Throws unless the service took a CloudEvent (202). */
export function accepted(response: { status: number; text?: string }): void {
  if (response.status !== 202)
    throw new Error(`the CloudEvent was answered ${response.status}: ${response.text ?? ''}`);
}

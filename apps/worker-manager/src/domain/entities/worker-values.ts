import { LicenseTypeSchema, WorkerStatusSchema, type LicenseType, type WorkerStatus } from '@lcm/contracts';

// A worker's status (docs/domain.md#worker-statuses; the reconciler moves it toward `desiredStatus`) and
// licence kind are the ones the worker CloudEvents carry: the contract is their one definition.
export type { LicenseType, ServiceStatus, WorkerStatus } from '@lcm/contracts';

/** Every worker status, for validation of query parameters. */
export const WORKER_STATUSES: readonly WorkerStatus[] = WorkerStatusSchema.options;

/** What an operator (or auto-stop) wants a worker to be. */
export type DesiredStatus = 'RUNNING' | 'STOPPED' | 'TERMINATED';

/**
 * What one health check of a RUNNING worker found (docs/operations.md#worker-health): all well, or the
 * service status the worker gets once checks failed HEALTH_FAILURE_THRESHOLD times in a row, and why.
 */
export type HealthCheckResult =
  | { readonly healthy: true }
  | { readonly healthy: false; readonly serviceStatus: 'DEGRADED' | 'UNAVAILABLE'; readonly reason: string };

/** The health checks of a worker since its CML last became ready. */
export interface WorkerHealth {
  /** Failed checks in a row, counted up to the threshold (so a worker that stays broken is not rewritten). */
  readonly consecutiveFailures: number;
  /** What the latest failed check found; null once a check passes. */
  readonly lastFailure: string | null;
  /** When the current run of failed checks began; null while healthy. */
  readonly failingSince: string | null;
}

/** A worker with no failed health check. */
export const HEALTHY: WorkerHealth = { consecutiveFailures: 0, lastFailure: null, failingSince: null };

/** The licence kinds a worker (and its template) may carry, for validation. */
export const LICENSE_TYPES: readonly LicenseType[] = LicenseTypeSchema.options;

/** Registration status of the worker's CML licence. */
export type LicenseStatus = 'UNREGISTERED' | 'REGISTERED' | 'EVALUATION' | 'EXPIRED' | 'INVALID';

/** A licence operation running in the background. */
export type LicenseOperation = 'REGISTER' | 'DEREGISTER';

/** What a worker can hold: cores, memory, disk and CML nodes. */
export interface WorkerCapacity {
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly maxNodes: number;
}

/** The CML metrics last recorded for a worker. */
export interface WorkerMetrics {
  readonly cpuPercent: number;
  readonly memoryUsedPercent: number;
  readonly diskUsedPercent: number;
  readonly runningNodes: number;
  readonly labsCount: number;
  /** ISO time the sample was taken. */
  readonly collectedAt: string;
}

/** The licence of a worker and the background operation on it, if any. */
export interface WorkerLicense {
  readonly status: LicenseStatus;
  readonly operationInProgress: boolean;
  readonly pendingOperation: LicenseOperation | null;
  readonly lastError: string | null;
}

/** EC2 instance state names (the `State.Name` of DescribeInstances). */
export type Ec2InstanceState =
  'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

/** What the reconciler saw of a worker's instance in EC2. */
export interface InstanceObservation {
  readonly instanceId: string;
  readonly state: Ec2InstanceState;
  readonly privateIp: string | null;
  readonly publicIp: string | null;
  /** The CML address: `https://<publicIp>`, or the simulator's endpoint tag in simulator mode. */
  readonly httpsEndpoint: string | null;
  readonly instanceType: string;
  readonly imageId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** What an operator (or an automatic policy) did to a worker: the verbs of the worker API. */
export const WORKER_ACTIONS = [
  'create',
  'import',
  'start',
  'stop',
  'drain',
  'cancel-drain',
  'terminate',
  'update',
  'register-license',
  'deregister-license',
] as const;

/** One of WORKER_ACTIONS. */
export type WorkerAction = (typeof WORKER_ACTIONS)[number];

/**
 * One entry of a worker's history: who did what, and when. `from`/`to` say what the action moved: the
 * worker's status and the status it asked for (for the licence actions, the licence status).
 */
export interface WorkerHistoryEntry {
  /** ISO time of the action. */
  readonly at: string;
  readonly action: WorkerAction;
  /** The operator's user id, or `system:<policy>` for an automatic action (see SYSTEM_ACTORS). */
  readonly by: string;
  readonly from?: string;
  readonly to?: string;
}

/** How many history entries a worker keeps: the latest ones. */
export const WORKER_HISTORY_LIMIT = 50;

/** Who the automatic actions are recorded as: `system:` and the policy that acted. */
export const SYSTEM_ACTORS = {
  /** An idle RUNNING worker stopped by the idle policy. */
  idleTimeout: 'system:idle-timeout',
  /** A drained worker stopped because its last session ended. */
  drainComplete: 'system:drain-complete',
  /** A drained worker stopped because the template's drain timeout passed. */
  drainTimeout: 'system:drain-timeout',
  /** A worker whose instance is gone from EC2, marked TERMINATED by the reconciler. */
  discoveryGc: 'system:discovery-gc',
  /** A worker created or started to answer a capacity request. */
  scaleUp: 'system:scale-up',
  /** An unhealthy worker drained (and a replacement created) by REPLACE_UNHEALTHY_AFTER_MINUTES. */
  replaceUnhealthy: 'system:replace-unhealthy',
  /** A long-stopped worker terminated by RETIRE_STOPPED_AFTER_DAYS. */
  retireStopped: 'system:retire-stopped',
  /** A worker created or started to keep MIN_RUNNING_WORKERS running. */
  warmPool: 'system:warm-pool',
  /** An orphan instance adopted as a worker (ADOPT_ORPHANS). */
  adoptOrphans: 'system:adopt-orphans',
} as const;

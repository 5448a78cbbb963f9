import { z } from 'zod';
import { LicenseTypeSchema, TimestampSchema, WorkerCapacitySchema } from './common.schemas';

/** Statuses of a CML worker (docs/domain.md#worker-statuses, worker-manager). */
export const WorkerStatusSchema = z.enum([
  'PENDING',
  'PROVISIONING',
  'STARTING',
  'RUNNING',
  'DRAINING',
  'STOPPING',
  'STOPPED',
  'TERMINATING',
  'TERMINATED',
  'FAILED',
]);
export type WorkerStatus = z.infer<typeof WorkerStatusSchema>;

/**
 * Whether the CML service of a worker answers (docs/operations.md#worker-health): only an AVAILABLE
 * RUNNING worker is offered for new sessions; DEGRADED and UNAVAILABLE come from failed health checks.
 */
export const ServiceStatusSchema = z.enum(['UNAVAILABLE', 'STARTING', 'AVAILABLE', 'DEGRADED', 'ERROR']);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

/** CloudEvent types worker-manager emits about workers and templates. */
export const WorkerEventTypes = {
  created: 'io.lcm.worker.created.v1',
  statusChanged: 'io.lcm.worker.status-changed.v1',
  endpointChanged: 'io.lcm.worker.endpoint-changed.v1',
  metricsUpdated: 'io.lcm.worker.metrics-updated.v1',
  draining: 'io.lcm.worker.draining.v1',
  drainCancelled: 'io.lcm.worker.drain-cancelled.v1',
  licenseChanged: 'io.lcm.worker.license-changed.v1',
  terminated: 'io.lcm.worker.terminated.v1',
  orphanDetected: 'io.lcm.worker.orphan-detected.v1',
  healthChanged: 'io.lcm.worker.health-changed.v1',
} as const;

/** What every worker event carries, so a consumer can keep a read model from any one of them. */
export const WorkerSnapshotSchema = z.object({
  workerId: z.uuid(),
  status: WorkerStatusSchema,
  templateName: z.string(),
  region: z.string(),
  licenseType: LicenseTypeSchema,
  capacity: WorkerCapacitySchema,
  httpsEndpoint: z.string().nullable(),
  /** Absent from producers that predate worker health: read as AVAILABLE while the worker is RUNNING. */
  serviceStatus: ServiceStatusSchema.optional(),
});
export type WorkerSnapshot = z.infer<typeof WorkerSnapshotSchema>;

export const WorkerCreatedSchema = WorkerSnapshotSchema.extend({
  name: z.string(),
  instanceType: z.string(),
});
export const WorkerStatusChangedSchema = WorkerSnapshotSchema.extend({
  oldStatus: WorkerStatusSchema,
  newStatus: WorkerStatusSchema,
  reason: z.string(),
});
export const WorkerEndpointChangedSchema = WorkerSnapshotSchema.extend({
  publicIp: z.string().nullable(),
  privateIp: z.string().nullable(),
});
export const WorkerMetricsSchema = z.object({
  cpuPercent: z.number(),
  memoryUsedPercent: z.number(),
  diskUsedPercent: z.number(),
  runningNodes: z.number().int().nonnegative(),
  labsCount: z.number().int().nonnegative(),
  collectedAt: TimestampSchema,
});
export const WorkerMetricsUpdatedSchema = WorkerSnapshotSchema.extend({ metrics: WorkerMetricsSchema });
export const WorkerDrainingSchema = WorkerSnapshotSchema.extend({ drainStartedAt: TimestampSchema });
export const WorkerDrainCancelledSchema = WorkerSnapshotSchema;
export const WorkerLicenseChangedSchema = WorkerSnapshotSchema.extend({
  license: z.object({
    status: z.enum(['UNREGISTERED', 'REGISTERED', 'EVALUATION', 'EXPIRED', 'INVALID']),
    operationInProgress: z.boolean(),
    pendingOperation: z.enum(['REGISTER', 'DEREGISTER']).nullable(),
    lastError: z.string().nullable(),
  }),
});
export const WorkerHealthChangedSchema = WorkerSnapshotSchema.extend({
  serviceStatus: ServiceStatusSchema,
  oldServiceStatus: ServiceStatusSchema,
  /** What failed (`CML_UNREACHABLE: …`, `EC2_STATUS_CHECK: …`), or null on recovery. */
  reason: z.string().nullable(),
});
export const WorkerTerminatedSchema = WorkerSnapshotSchema.extend({ terminatedBy: z.string() });
export const WorkerOrphanDetectedSchema = z.object({
  ec2InstanceId: z.string(),
  region: z.string(),
  instanceType: z.string(),
  ec2State: z.string(),
  tags: z.record(z.string(), z.string()),
});

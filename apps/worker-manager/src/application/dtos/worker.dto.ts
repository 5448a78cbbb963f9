import {
  LicenseTypeSchema,
  ServiceStatusSchema,
  WorkerCapacitySchema,
  WorkerMetricsSchema,
  WorkerStatusSchema,
} from '@lcm/contracts';
import { z } from 'zod';
import { WORKER_ACTIONS, WORKER_HISTORY_LIMIT } from '../../domain/entities/worker-values';
import type { CmlWorker } from '../../domain/entities/cml-worker.aggregate';

/** One entry of a worker's history: who did what and when (`system:<policy>` for an automatic action). */
export const WorkerHistoryEntrySchema = z.object({
  at: z.string().describe('ISO time of the action'),
  action: z.enum(WORKER_ACTIONS),
  by: z.string().describe("the operator's user id, or system:<policy> for an automatic action"),
  from: z.string().optional().describe('the status before (the licence status for licence actions)'),
  to: z.string().optional().describe('the status asked for (the licence status for licence actions)'),
});

/** A worker as the API returns it: its id, state and stateVersion (no secrets are part of the state). */
export const WorkerDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  templateName: z.string(),
  region: z.string(),
  instanceType: z.string(),
  capacity: WorkerCapacitySchema,
  licenseType: LicenseTypeSchema,
  ec2InstanceId: z.string().nullable(),
  amiId: z.string().nullable(),
  privateIp: z.string().nullable(),
  publicIp: z.string().nullable(),
  httpsEndpoint: z.string().nullable(),
  status: WorkerStatusSchema,
  desiredStatus: z.enum(['RUNNING', 'STOPPED', 'TERMINATED']),
  desiredStatusReason: z.string().nullable(),
  serviceStatus: ServiceStatusSchema.describe('only an AVAILABLE RUNNING worker is offered new sessions'),
  health: z
    .object({
      consecutiveFailures: z.number().int(),
      lastFailure: z.string().nullable(),
      failingSince: z.string().nullable(),
    })
    .describe('the health checks since CML last became ready (docs/operations.md#worker-health)'),
  cmlVersion: z.string().nullable(),
  metrics: WorkerMetricsSchema.nullable(),
  license: z.object({
    status: z.enum(['UNREGISTERED', 'REGISTERED', 'EVALUATION', 'EXPIRED', 'INVALID']),
    operationInProgress: z.boolean(),
    pendingOperation: z.enum(['REGISTER', 'DEREGISTER']).nullable(),
    lastError: z.string().nullable(),
  }),
  idleDetectionEnabled: z.boolean(),
  lastActivityAt: z.string().nullable(),
  lastResumedAt: z.string().nullable(),
  autoStopCount: z.number().int(),
  tags: z.record(z.string(), z.string()),
  drainStartedAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  terminatedAt: z.string().nullable(),
  terminatedBy: z.string().nullable(),
  statusChangedAt: z.string(),
  refreshRequestedAt: z.string().nullable(),
  history: z
    .array(WorkerHistoryEntrySchema)
    .describe(`the latest operator and automatic actions, oldest first (at most ${WORKER_HISTORY_LIMIT})`),
  stateVersion: z.number().int(),
});

/** A worker as the API returns it. */
export type WorkerDto = z.infer<typeof WorkerDtoSchema>;

/** Maps a worker to its API shape. */
export function toWorkerDto(worker: CmlWorker): WorkerDto {
  return { id: worker.id, ...structuredClone(worker.state), stateVersion: worker.stateVersion } as WorkerDto;
}

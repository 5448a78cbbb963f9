import { z } from 'zod';
import { LicenseTypeSchema, TimestampSchema } from './common.schemas';

/** CloudEvent types about fleet capacity. */
export const CapacityEventTypes = {
  requested: 'io.lcm.capacity.requested.v1',
} as const;

/**
 * One waiting session's own need: a session runs on one worker, so worker-manager packs these (not only
 * their sum) into workers.
 */
export const CapacityDemandSchema = z.object({
  sessionId: z.string().min(1),
  cpuCores: z.number().nonnegative(),
  memoryGb: z.number().nonnegative(),
  storageGb: z.number().nonnegative(),
  nodeCount: z.number().int().nonnegative(),
});
export type CapacityDemand = z.infer<typeof CapacityDemandSchema>;

/**
 * session-manager's request for more capacity than the RUNNING workers have (one per shortfall). The
 * top-level figures are the sum; `demands`, when present, lists each waiting session's part of it (a
 * producer that sends none asks for one worker holding the sum).
 */
export const CapacityRequestedSchema = z.object({
  requestId: z.string().min(1),
  cpuCores: z.number().nonnegative(),
  memoryGb: z.number().nonnegative(),
  storageGb: z.number().nonnegative(),
  nodeCount: z.number().int().nonnegative(),
  licenseType: LicenseTypeSchema,
  region: z.string(),
  neededBy: TimestampSchema,
  demands: z.array(CapacityDemandSchema).max(1000).optional(),
});
export type CapacityRequested = z.infer<typeof CapacityRequestedSchema>;

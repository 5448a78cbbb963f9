import { z } from 'zod';
import { LicenseTypeSchema, TimestampSchema } from './common.schemas';

/** CloudEvent types about fleet capacity. */
export const CapacityEventTypes = {
  requested: 'io.lcm.capacity.requested.v1',
} as const;

/** session-manager's request for more capacity than the RUNNING workers have (one per shortfall). */
export const CapacityRequestedSchema = z.object({
  requestId: z.string().min(1),
  cpuCores: z.number().nonnegative(),
  memoryGb: z.number().nonnegative(),
  storageGb: z.number().nonnegative(),
  nodeCount: z.number().int().nonnegative(),
  licenseType: LicenseTypeSchema,
  region: z.string(),
  neededBy: TimestampSchema,
});
export type CapacityRequested = z.infer<typeof CapacityRequestedSchema>;

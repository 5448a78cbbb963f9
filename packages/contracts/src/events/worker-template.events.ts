import { z } from 'zod';
import { LicenseTypeSchema, WorkerCapacitySchema } from './common.schemas';

/** CloudEvent types worker-manager emits about worker templates. */
export const WorkerTemplateEventTypes = {
  created: 'io.lcm.worker-template.created.v1',
  updated: 'io.lcm.worker-template.updated.v1',
  disabled: 'io.lcm.worker-template.disabled.v1',
} as const;

/** A worker template as its events carry it. */
export const WorkerTemplateSchema = z.object({
  name: z.string(),
  description: z.string(),
  instanceType: z.string(),
  capacity: WorkerCapacitySchema,
  licenseType: LicenseTypeSchema,
  costPerHourUsd: z.number().nonnegative(),
  amiNamePattern: z.string(),
  region: z.string(),
  enabled: z.boolean(),
  drainTimeoutHours: z.number().positive(),
  portRange: z.object({ start: z.number().int(), end: z.number().int() }),
});
export type WorkerTemplateData = z.infer<typeof WorkerTemplateSchema>;

import { LicenseTypeSchema, WorkerCapacitySchema } from '@lcm/contracts';
import { z } from 'zod';
import type { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';

/** A worker template as the API returns it. */
export const WorkerTemplateDtoSchema = z.object({
  name: z.string(),
  description: z.string(),
  instanceType: z.string(),
  capacity: WorkerCapacitySchema,
  licenseType: LicenseTypeSchema,
  costPerHourUsd: z.number(),
  amiNamePattern: z.string(),
  region: z.string(),
  enabled: z.boolean(),
  drainTimeoutHours: z.number(),
  portRange: z.object({ start: z.number().int(), end: z.number().int() }),
  stateVersion: z.number().int(),
});

/** A worker template as the API returns it. */
export type WorkerTemplateDto = z.infer<typeof WorkerTemplateDtoSchema>;

/** Maps a template to its API shape. */
export function toWorkerTemplateDto(template: WorkerTemplate): WorkerTemplateDto {
  return { ...structuredClone(template.state), stateVersion: template.stateVersion };
}

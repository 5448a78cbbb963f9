import { z } from 'zod';
import { LicenseTypeSchema, ResourceRequirementsSchema } from './common.schemas';

/** CloudEvent types lab-manager emits about lablet definitions. */
export const LabletDefinitionEventTypes = {
  created: 'io.lcm.lablet-definition.created.v1',
  updated: 'io.lcm.lablet-definition.updated.v1',
} as const;

/** A lablet definition as its events carry it (everything but the topology itself). */
export const LabletDefinitionSchema = z.object({
  definitionId: z.string(),
  name: z.string(),
  version: z.string(),
  nodeCount: z.number().int().nonnegative(),
  resourceRequirements: ResourceRequirementsSchema,
  licenseAffinity: z.array(LicenseTypeSchema).min(1),
  portTemplate: z.array(z.string()),
  maxDurationMinutes: z.number().int().positive(),
  enabled: z.boolean(),
});
export type LabletDefinitionData = z.infer<typeof LabletDefinitionSchema>;

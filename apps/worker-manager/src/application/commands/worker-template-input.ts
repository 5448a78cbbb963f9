import { z } from 'zod';

/** Capacity of a template as clients send it. */
const CapacityInput = z.object({
  cpuCores: z.number().positive(),
  memoryGb: z.number().positive(),
  storageGb: z.number().positive(),
  maxNodes: z.number().int().positive(),
});

/**
 * A worker template as clients (and the seed YAML) send it, with the defaults of docs/domain.md#worker-templates: enabled, 4 hour
 * drain timeout, ports 2000-9999.
 */
export const WorkerTemplateInputSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and -, at most 63'),
    description: z.string().default(''),
    instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, 'an EC2 instance type such as t3.large'),
    capacity: CapacityInput,
    licenseType: z.enum(['PERSONAL', 'ENTERPRISE', 'EVALUATION']),
    costPerHourUsd: z.number().nonnegative(),
    amiNamePattern: z.string().min(1),
    region: z.string().min(1).default('us-east-1'),
    enabled: z.boolean().default(true),
    drainTimeoutHours: z.number().positive().default(4),
    portRange: z
      .object({ start: z.number().int().min(1).max(65535), end: z.number().int().min(1).max(65535) })
      .default({ start: 2000, end: 9999 }),
  })
  .refine((t) => t.portRange.start <= t.portRange.end, {
    message: 'portRange.start must not be above portRange.end',
    path: ['portRange'],
  });

/** A validated worker template input. */
export type WorkerTemplateInput = z.infer<typeof WorkerTemplateInputSchema>;

/** The fields PATCH may change (all optional; the name is the key). */
export const WorkerTemplatePatchSchema = z
  .object({
    description: z.string(),
    instanceType: z.string().regex(/^[a-z0-9]+\.[a-z0-9]+$/, 'an EC2 instance type such as t3.large'),
    capacity: CapacityInput,
    licenseType: z.enum(['PERSONAL', 'ENTERPRISE', 'EVALUATION']),
    costPerHourUsd: z.number().nonnegative(),
    amiNamePattern: z.string().min(1),
    region: z.string().min(1),
    enabled: z.boolean(),
    drainTimeoutHours: z.number().positive(),
    portRange: z.object({
      start: z.number().int().min(1).max(65535),
      end: z.number().int().min(1).max(65535),
    }),
  })
  .partial()
  .strict();

/** A validated template patch. */
export type WorkerTemplatePatch = z.infer<typeof WorkerTemplatePatchSchema>;

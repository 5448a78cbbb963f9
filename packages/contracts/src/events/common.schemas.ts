import { z } from 'zod';

/** Licence types of CML workers; a definition's `licenseAffinity` lists the ones it may run on. */
export const LicenseTypeSchema = z.enum(['PERSONAL', 'ENTERPRISE', 'EVALUATION']);
export type LicenseType = z.infer<typeof LicenseTypeSchema>;

/** What a worker can hold: cores, memory, disk and CML nodes. */
export const WorkerCapacitySchema = z.object({
  cpuCores: z.number().nonnegative(),
  memoryGb: z.number().nonnegative(),
  storageGb: z.number().nonnegative(),
  maxNodes: z.number().int().nonnegative(),
});
export type WorkerCapacity = z.infer<typeof WorkerCapacitySchema>;

/** What a lablet needs from a worker. */
export const ResourceRequirementsSchema = z.object({
  cpuCores: z.number().positive(),
  memoryGb: z.number().positive(),
  storageGb: z.number().nonnegative(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/** Ports allocated to a lab, by placeholder name: `{ PORT_SERIAL_1: 2001 }`. */
export const AllocatedPortsSchema = z.record(
  z.string().regex(/^PORT_[A-Z0-9_]+$/),
  z.number().int().min(1).max(65535),
);
export type AllocatedPorts = z.infer<typeof AllocatedPortsSchema>;

/** An ISO 8601 timestamp with offset, as every time in event data is sent. */
export const TimestampSchema = z.iso.datetime({ offset: true });

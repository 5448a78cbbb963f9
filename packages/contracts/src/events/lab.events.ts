import { z } from 'zod';
import { AllocatedPortsSchema } from './common.schemas';

/** CML lab states as lab-manager reports them. */
export const CmlLabStateSchema = z.enum(['DEFINED_ON_CORE', 'STOPPED', 'STARTED', 'QUEUED', 'BOOTED']);

/** CloudEvent types lab-manager emits about labs. */
export const LabEventTypes = {
  ready: 'io.lcm.lab.ready.v1',
  released: 'io.lcm.lab.released.v1',
  failed: 'io.lcm.lab.failed.v1',
  stateChanged: 'io.lcm.lab.state-changed.v1',
  orphanDetected: 'io.lcm.lab.orphan-detected.v1',
} as const;

/** A session's lab is started and reachable. Never carries the CML password. */
export const LabReadySchema = z.object({
  sessionId: z.string(),
  labRecordId: z.string(),
  workerId: z.string(),
  cmlLabId: z.string(),
  accessUrl: z.string(),
  username: z.string(),
  ports: AllocatedPortsSchema,
});
export const LabReleasedSchema = z.object({
  sessionId: z.string(),
  labRecordId: z.string(),
  workerId: z.string(),
});
export const LabFailedSchema = z.object({
  sessionId: z.string(),
  reason: z.string(),
  labRecordId: z.string().nullable(),
  workerId: z.string().nullable(),
});
export const LabStateChangedSchema = z.object({
  labRecordId: z.string(),
  workerId: z.string(),
  cmlLabId: z.string(),
  oldState: CmlLabStateSchema.nullable(),
  newState: CmlLabStateSchema,
});
export const LabOrphanDetectedSchema = z.object({
  labRecordId: z.string(),
  workerId: z.string(),
  cmlLabId: z.string(),
  title: z.string(),
});

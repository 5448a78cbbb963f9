import { z } from 'zod';
import { AllocatedPortsSchema, TimestampSchema } from './common.schemas';

/** Statuses of a lablet session (docs/domain.md#session-statuses, session-manager). */
export const SessionStatusSchema = z.enum([
  'PENDING',
  'SCHEDULED',
  'INSTANTIATING',
  'READY',
  'RUNNING',
  'COLLECTING',
  'GRADING',
  'STOPPING',
  'STOPPED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
]);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/**
 * CloudEvent types session-manager emits: one per status a session enters, plus `requeued` (a placed
 * session goes back to PENDING to be placed on another worker) and `expiring` (its end is near).
 */
export const SessionEventTypes = {
  created: 'io.lcm.session.created.v1',
  scheduled: 'io.lcm.session.scheduled.v1',
  instantiating: 'io.lcm.session.instantiating.v1',
  ready: 'io.lcm.session.ready.v1',
  running: 'io.lcm.session.running.v1',
  collecting: 'io.lcm.session.collecting.v1',
  grading: 'io.lcm.session.grading.v1',
  expiring: 'io.lcm.session.expiring.v1',
  requeued: 'io.lcm.session.requeued.v1',
  stopping: 'io.lcm.session.stopping.v1',
  stopped: 'io.lcm.session.stopped.v1',
  failed: 'io.lcm.session.failed.v1',
  expired: 'io.lcm.session.expired.v1',
  cancelled: 'io.lcm.session.cancelled.v1',
} as const;

/** What every session event carries: enough for lab-manager and worker-manager to act and count. */
export const SessionSnapshotSchema = z.object({
  sessionId: z.string(),
  ownerId: z.string(),
  status: SessionStatusSchema,
  definitionId: z.string(),
  definitionName: z.string(),
  definitionVersion: z.string(),
  timeslotStart: TimestampSchema,
  timeslotEnd: TimestampSchema,
  workerId: z.string().nullable(),
  labRecordId: z.string().nullable(),
  allocatedPorts: AllocatedPortsSchema.nullable(),
  reason: z.string().nullable(),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

/** `io.lcm.session.expiring.v1`: the snapshot, and how long is left before the session is stopped. */
export const SessionExpiringSchema = SessionSnapshotSchema.extend({
  minutesLeft: z.number().nonnegative(),
});
export type SessionExpiring = z.infer<typeof SessionExpiringSchema>;

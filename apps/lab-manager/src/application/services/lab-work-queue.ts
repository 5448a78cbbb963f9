import type { LabOperation } from '../../domain/entities/lab-record-status';

/**
 * The background steps of the lab flow, each a job that runs one command. `sessionId` makes queuing a
 * session's step idempotent: queuing it again (a redelivered event) does not add a second job.
 */
export type LabWork =
  | { readonly job: 'lab-import'; readonly labRecordId: string }
  | { readonly job: 'lab-start'; readonly labRecordId: string; readonly sessionId: string }
  | { readonly job: 'lab-release'; readonly labRecordId: string; readonly sessionId: string }
  | { readonly job: 'lab-operation'; readonly labRecordId: string; readonly operation: LabOperation };

/**
 * Where handlers hand long CML work (import, start + converge, stop + wipe) so that an HTTP request or
 * an incoming event only records the intent and returns (a port; the adapter queues BullMQ jobs).
 */
export interface LabWorkQueue {
  enqueue(work: LabWork): Promise<void>;
}

/** DI token of the LabWorkQueue. */
export const LAB_WORK_QUEUE = Symbol.for('lcm.LabWorkQueue');

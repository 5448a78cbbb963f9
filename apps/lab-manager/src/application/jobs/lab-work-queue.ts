import type { JobHost } from '@lcm/neuro-core/hosting';
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

/** The job id that de-duplicates a piece of work, or undefined for work that may repeat (operator actions). */
export function labWorkJobId(work: LabWork): string | undefined {
  if (work.job === 'lab-operation') return undefined;
  const session = 'sessionId' in work ? `-${work.sessionId}` : '';
  // BullMQ forbids ':' in job ids.
  return `${work.job}-${work.labRecordId}${session}`.replaceAll(':', '-');
}

/**
 * Where handlers hand long CML work (import, start + converge, stop + wipe) so that an HTTP request or
 * an incoming event only records the intent and returns.
 */
export interface LabWorkQueue {
  enqueue(work: LabWork): Promise<void>;
}

/** DI token of the LabWorkQueue. */
export const LAB_WORK_QUEUE = Symbol.for('lcm.LabWorkQueue');

/** The LabWorkQueue on the service's BullMQ job host. */
export class JobHostLabWorkQueue implements LabWorkQueue {
  constructor(private readonly jobs: JobHost) {}

  async enqueue(work: LabWork): Promise<void> {
    const { job, ...data } = work;
    const jobId = labWorkJobId(work);
    await this.jobs.enqueue(job, data, jobId ? { jobId } : {});
  }
}

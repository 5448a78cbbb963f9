import type { JobHost } from '@lcm/neuro-core/hosting';
import type { LabWork, LabWorkQueue } from '../../application/services/lab-work-queue';

/** The job id that de-duplicates a piece of work, or undefined for work that may repeat (operator actions). */
export function labWorkJobId(work: LabWork): string | undefined {
  if (work.job === 'lab-operation') return undefined;
  const session = 'sessionId' in work ? `-${work.sessionId}` : '';
  // BullMQ forbids ':' in job ids.
  return `${work.job}-${work.labRecordId}${session}`.replaceAll(':', '-');
}

/**
 * The LabWorkQueue on the service's BullMQ job host: one job per piece of work, named after it. Work is
 * only queued when its record says it is due, so a finished job under the same id (a start of an earlier
 * run, a step that failed for good) is replaced rather than taken for the work being done.
 */
export class JobHostLabWorkQueue implements LabWorkQueue {
  constructor(private readonly jobs: JobHost) {}

  async enqueue(work: LabWork): Promise<void> {
    const { job, ...data } = work;
    const jobId = labWorkJobId(work);
    await this.jobs.enqueue(job, data, jobId ? { jobId, rerunFinished: true } : {});
  }
}

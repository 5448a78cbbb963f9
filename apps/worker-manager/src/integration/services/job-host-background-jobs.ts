import type { Logger } from '@lcm/neuro-core';
import type { JobHost } from '@lcm/neuro-core/hosting';
import type { BackgroundJobs } from '../../application/services/background-jobs';
import { JOB_NAMES, type LicensePollJobData, type WorkerJobData } from './worker-manager.jobs';

/** BackgroundJobs on the service's BullMQ queue; a queueing failure is logged, the periodic sweep makes up for it. */
export class JobHostBackgroundJobs implements BackgroundJobs {
  constructor(
    private readonly jobs: JobHost,
    private readonly logger: Logger,
  ) {}

  reconcileWorker(workerId: string, stateVersion: number): Promise<void> {
    // One job per saved version: a repeated enqueue of the same change is dropped by BullMQ.
    return this.enqueue<WorkerJobData>(
      JOB_NAMES.reconcileWorker,
      { workerId },
      { jobId: `reconcile-${workerId}-v${stateVersion}` },
    );
  }

  pollLicense(workerId: string, attempt: number, delayMs: number): Promise<void> {
    return this.enqueue<LicensePollJobData>(
      JOB_NAMES.pollLicense,
      { workerId, attempt },
      { jobId: `license-poll-${workerId}-${Date.now()}-${attempt}`, delayMs },
    );
  }

  deregisterLicense(workerId: string): Promise<void> {
    return this.enqueue<WorkerJobData>(JOB_NAMES.deregisterLicense, { workerId }, {});
  }

  private async enqueue<TData>(
    name: string,
    data: TData,
    options: { jobId?: string; delayMs?: number },
  ): Promise<void> {
    try {
      await this.jobs.enqueue(name, data, options);
    } catch (error) {
      this.logger.warn(
        { job: name, err: error },
        'could not queue a background job; the periodic reconcile catches up',
      );
    }
  }
}

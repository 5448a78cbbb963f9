import type { JobHost } from '@lcm/neuro-core/hosting';
import { PollLicenseCommand } from '../../application/commands/poll-license.command';
import { ReconcileFleetCommand } from '../../application/commands/reconcile-fleet.command';
import { ReconcileWorkerCommand } from '../../application/commands/reconcile-worker.command';
import { RunLicenseDeregistrationCommand } from '../../application/commands/run-license-deregistration.command';

/** Names of worker-manager's jobs on its BullMQ queue. */
export const JOB_NAMES = {
  /** The periodic fleet reconcile (every RECONCILE_INTERVAL_SECONDS). */
  reconcileFleet: 'reconcile-fleet',
  /** The on-demand reconcile of one worker after a command. */
  reconcileWorker: 'reconcile-worker',
  /** One poll of a licence registration. */
  pollLicense: 'license-poll',
  /** A licence deregistration. */
  deregisterLicense: 'license-deregister',
} as const;

/** The data of a job about one worker. */
export interface WorkerJobData {
  readonly workerId: string;
}

/** The data of one licence poll (`attempt` counts from 1). */
export interface LicensePollJobData extends WorkerJobData {
  readonly attempt: number;
}

/**
 * Declares worker-manager's jobs: the fleet reconcile scheduler, and the on-demand per-worker reconcile
 * and licence jobs that JobHostBackgroundJobs queues. Each only builds a command for the mediator.
 */
export function declareWorkerManagerJobs(jobs: JobHost, reconcileIntervalSeconds: number): void {
  jobs
    .schedule(
      JOB_NAMES.reconcileFleet,
      { everyMs: reconcileIntervalSeconds * 1000 },
      () => new ReconcileFleetCommand(),
      { attempts: 3 },
    )
    .define(JOB_NAMES.reconcileWorker, (data: WorkerJobData) => new ReconcileWorkerCommand(data.workerId), {
      attempts: 3,
    })
    .define(
      JOB_NAMES.pollLicense,
      (data: LicensePollJobData) => new PollLicenseCommand(data.workerId, data.attempt),
      { attempts: 3 },
    )
    .define(
      JOB_NAMES.deregisterLicense,
      (data: WorkerJobData) => new RunLicenseDeregistrationCommand(data.workerId),
      { attempts: 3 },
    );
}

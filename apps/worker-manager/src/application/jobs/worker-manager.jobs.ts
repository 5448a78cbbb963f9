import type { JobHost } from '@lcm/neuro-core/hosting';
import { PollLicenseCommand } from '../commands/poll-license.command';
import { ReconcileFleetCommand } from '../commands/reconcile-fleet.command';
import { ReconcileWorkerCommand } from '../commands/reconcile-worker.command';
import { RunLicenseDeregistrationCommand } from '../commands/run-license-deregistration.command';
import { JOB_NAMES } from './job-names';

/**
 * Declares worker-manager's jobs: the fleet reconcile scheduler, and the on-demand per-worker reconcile
 * and licence jobs. Each only builds a command for the mediator.
 */
export function declareWorkerManagerJobs(jobs: JobHost, reconcileIntervalSeconds: number): void {
  jobs
    .schedule(
      JOB_NAMES.reconcileFleet,
      { everyMs: reconcileIntervalSeconds * 1000 },
      () => new ReconcileFleetCommand(),
      {
        attempts: 3,
      },
    )
    .define(
      JOB_NAMES.reconcileWorker,
      (data: { workerId: string }) => new ReconcileWorkerCommand(data.workerId),
      { attempts: 3 },
    )
    .define(
      JOB_NAMES.pollLicense,
      (data: { workerId: string; attempt: number }) => new PollLicenseCommand(data.workerId, data.attempt),
      {
        attempts: 3,
      },
    )
    .define(
      JOB_NAMES.deregisterLicense,
      (data: { workerId: string }) => new RunLicenseDeregistrationCommand(data.workerId),
      {
        attempts: 3,
      },
    );
}

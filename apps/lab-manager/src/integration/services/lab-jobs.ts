import type { JobHost } from '@lcm/neuro-core/hosting';
import { SyncLabsCommand } from '../../application/commands/sync-labs.command';
import { commandForLabWork } from '../../application/jobs/command-for-lab-work';
import type { LabWork } from '../../application/services/lab-work-queue';
import type { LabManagerSettings } from '../../application/settings';

/**
 * Declares lab-manager's jobs: the on-demand lab steps (each retries its CML calls itself, so the job
 * runs once) and the labs sync every LABS_SYNC_INTERVAL_SECONDS.
 */
export function declareLabJobs(jobs: JobHost, settings: LabManagerSettings): void {
  jobs.define<{ labRecordId: string }>(
    'lab-import',
    (data) => commandForLabWork({ job: 'lab-import', ...data }),
    { attempts: 1 },
  );
  for (const job of ['lab-start', 'lab-release'] as const) {
    jobs.define<{ labRecordId: string; sessionId: string }>(
      job,
      (data) => commandForLabWork({ job, ...data }),
      { attempts: 1 },
    );
  }
  jobs.define<Omit<Extract<LabWork, { job: 'lab-operation' }>, 'job'>>(
    'lab-operation',
    (data) => commandForLabWork({ job: 'lab-operation', ...data }),
    { attempts: 1 },
  );
  jobs.schedule(
    'labs-sync',
    { everyMs: settings.LABS_SYNC_INTERVAL_SECONDS * 1000 },
    () => new SyncLabsCommand(),
    { attempts: 1 },
  );
}

import type { Request } from '@lcm/neuro-core';
import type { JobHost } from '@lcm/neuro-core/hosting';
import { ImportLabCommand } from '../commands/import-lab.command';
import { ReleaseSessionLabCommand } from '../commands/release-session-lab.command';
import { RunLabOperationCommand } from '../commands/run-lab-operation.command';
import { StartSessionLabCommand } from '../commands/start-session-lab.command';
import { SyncLabsCommand } from '../commands/sync-labs.command';
import type { LabManagerSettings } from '../settings';
import type { LabWork } from './lab-work-queue';

/** The command one queued piece of lab work runs. */
export function commandForLabWork(work: LabWork): Request<unknown> {
  switch (work.job) {
    case 'lab-import':
      return new ImportLabCommand(work.labRecordId);
    case 'lab-start':
      return new StartSessionLabCommand(work.labRecordId);
    case 'lab-release':
      return new ReleaseSessionLabCommand(work.labRecordId);
    case 'lab-operation':
      return new RunLabOperationCommand(work.labRecordId, work.operation);
  }
}

/**
 * Declares lab-manager's jobs: the on-demand lab steps (each retries its CML calls itself, so the job
 * runs once) and the labs sync every LABS_SYNC_INTERVAL_SECONDS.
 */
export function declareLabJobs(jobs: JobHost, settings: LabManagerSettings): void {
  jobs.define<{ labRecordId: string }>(
    'lab-import',
    (data) => commandForLabWork({ job: 'lab-import', ...data }),
    {
      attempts: 1,
    },
  );
  for (const job of ['lab-start', 'lab-release'] as const) {
    jobs.define<{ labRecordId: string; sessionId: string }>(
      job,
      (data) => commandForLabWork({ job, ...data }),
      {
        attempts: 1,
      },
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
    {
      attempts: 1,
    },
  );
}

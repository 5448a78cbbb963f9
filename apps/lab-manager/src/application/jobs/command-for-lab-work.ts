import type { Request } from '@lcm/neuro-core';
import { ImportLabCommand } from '../commands/import-lab.command';
import { ReleaseSessionLabCommand } from '../commands/release-session-lab.command';
import { RunLabOperationCommand } from '../commands/run-lab-operation.command';
import { StartSessionLabCommand } from '../commands/start-session-lab.command';
import type { LabWork } from '../services/lab-work-queue';

/** The command one queued piece of lab work runs. */
export function commandForLabWork(work: LabWork): Request<unknown> {
  switch (work.job) {
    case 'lab-import':
      return new ImportLabCommand(work.labRecordId);
    case 'lab-start':
      return new StartSessionLabCommand(work.labRecordId);
    case 'lab-release':
      return new ReleaseSessionLabCommand(work.labRecordId, work.sessionId);
    case 'lab-operation':
      return new RunLabOperationCommand(work.labRecordId, work.operation);
  }
}

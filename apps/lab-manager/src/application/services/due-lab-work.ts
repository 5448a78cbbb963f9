import type { LabRecord } from '../../domain/entities/lab-record.aggregate';
import type { LabWork } from './lab-work-queue';

/**
 * The background step a record waits for, if any: the import of an IMPORTING record, the start its
 * session asked for, or the release of its session. An operator's action is not one of them: it is
 * asked for once, by the operator, and not remembered as due.
 */
export function dueLabWork(record: LabRecord): LabWork | undefined {
  const { status, boundSessionId } = record.state;
  if (status === 'IMPORTING') return { job: 'lab-import', labRecordId: record.id };
  if (!boundSessionId) return undefined;
  if (record.startDue) return { job: 'lab-start', labRecordId: record.id, sessionId: boundSessionId };
  if (record.releaseDue) return { job: 'lab-release', labRecordId: record.id, sessionId: boundSessionId };
  return undefined;
}

import { type DomainResult, OperationResult, loadActSave } from '@lcm/neuro-core';
import type { LabRecord } from '../../domain/entities/lab-record.aggregate';
import type { LabRecordRepository } from '../../domain/repositories/lab-record.repository';
import { SAVE_ATTEMPTS } from './save-attempts';

/** The session a session event is about, and its worker when the event names one. */
export interface SessionLab {
  readonly sessionId: string;
  /** A session placed again has a record on each worker: the event's worker picks the right one. */
  readonly workerId: string | null;
}

/**
 * Applies `act` to the LabRecord bound to a session and saves it, starting over from a fresh read when the
 * save loses a race (an act answering `false` changed nothing and saves nothing); 404 when no record is
 * bound to the session. Returns the record as it now is.
 */
export async function actOnSessionLab<R>(
  records: LabRecordRepository,
  { sessionId, workerId }: SessionLab,
  act: (record: LabRecord) => DomainResult<R>,
): Promise<OperationResult<LabRecord>> {
  const [bound] = await records.find({ boundSessionId: sessionId, ...(workerId ? { workerId } : {}) });
  if (!bound) return OperationResult.notFound('lab record of session', sessionId);
  const acted = await loadActSave(records, bound.id, 'lab record', act, { attempts: SAVE_ATTEMPTS });
  return acted.ok ? OperationResult.ok(acted.value.aggregate) : acted;
}

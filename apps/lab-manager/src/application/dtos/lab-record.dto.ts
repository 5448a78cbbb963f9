import type { LabRecord, LabRun } from '../../domain/entities/lab-record.aggregate';
import type { CmlLabState, LabRecordStatus } from '../../domain/entities/lab-record-status';

/** A LabRecord as the API returns it: no password, no topology (it has its own route). */
export interface LabRecordDto {
  id: string;
  workerId: string;
  cmlLabId: string | null;
  definitionId: string | null;
  definitionVersion: string | null;
  title: string;
  cmlState: CmlLabState | null;
  status: LabRecordStatus;
  allocatedPorts: Record<string, number>;
  boundSessionId: string | null;
  cmlUserId: string | null;
  cmlUsername: string | null;
  lastError: string | null;
  runHistory: LabRun[];
  createdAt: string;
  lastSyncedAt: string | null;
  stateVersion: number;
}

/** Maps the aggregate to its API shape. */
export function toLabRecordDto(record: LabRecord): LabRecordDto {
  const s = record.state;
  return {
    id: record.id,
    workerId: s.workerId,
    cmlLabId: s.cmlLabId,
    definitionId: s.definitionId,
    definitionVersion: s.definitionVersion,
    title: s.title,
    cmlState: s.cmlState,
    status: s.status,
    allocatedPorts: { ...s.allocatedPorts },
    boundSessionId: s.boundSessionId,
    cmlUserId: s.cmlUserId,
    cmlUsername: s.user?.username ?? null,
    lastError: s.lastError,
    runHistory: s.runHistory.map((run) => ({ ...run })),
    createdAt: s.createdAt,
    lastSyncedAt: s.lastSyncedAt,
    stateVersion: record.stateVersion,
  };
}

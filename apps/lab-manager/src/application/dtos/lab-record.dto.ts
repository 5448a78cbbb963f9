import type { LabRecord, LabRecordState } from '../../domain/entities/lab-record.aggregate';

/**
 * A LabRecord as the API returns it: no password (of the session user only the name), no topology (it
 * has its own route), none of the start bookkeeping.
 */
export interface LabRecordDto extends Omit<
  LabRecordState,
  'user' | 'importedTopologyYaml' | 'startRequested' | 'accessUrl'
> {
  id: string;
  cmlUsername: string | null;
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

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
  const { user, importedTopologyYaml, startRequested, releaseRequested, accessUrl, ...shown } = record.state;
  return {
    id: record.id,
    ...shown,
    allocatedPorts: { ...shown.allocatedPorts },
    runHistory: shown.runHistory.map((run) => ({ ...run })),
    cmlUsername: user?.username ?? null,
    stateVersion: record.stateVersion,
  };
}

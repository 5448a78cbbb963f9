/** Licence types a definition may run on (docs/domain.md#licence-types). */
export type LicenseType = 'PERSONAL' | 'ENTERPRISE' | 'EVALUATION';

/** What a lablet needs from a worker. */
export interface ResourceRequirements {
  cpuCores: number;
  memoryGb: number;
  storageGb: number;
}

/** A definition version as its events carry it: everything but the topology. */
export interface LabletDefinitionSummary {
  definitionId: string;
  name: string;
  version: string;
  nodeCount: number;
  resourceRequirements: ResourceRequirements;
  licenseAffinity: LicenseType[];
  portTemplate: string[];
  maxDurationMinutes: number;
  enabled: boolean;
}

import type { LicenseType } from './session-status';

/**
 * What one session takes from a worker for its whole timeslot, pinned from the definition at request time
 * so a later definition change never moves a booked session.
 */
export interface SessionDemand {
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
  /** How many ports the lab needs (the definition's `portTemplate.length`). */
  readonly ports: number;
  readonly licenseAffinity: readonly LicenseType[];
}

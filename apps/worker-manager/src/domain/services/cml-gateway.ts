import type { LicenseStatus } from '../entities/worker-values';

/** What `system_information` and a login say about a CML server. */
export interface CmlReadiness {
  readonly ready: boolean;
  readonly version: string | null;
}

/** A metrics sample of one CML server (without the time it was taken). */
export interface CmlMetricsSample {
  readonly cpuPercent: number;
  readonly memoryUsedPercent: number;
  readonly diskUsedPercent: number;
  readonly runningNodes: number;
  readonly labsCount: number;
}

/** What `system_information` and `system_health` say of a CML server's health. */
export interface CmlHealth {
  /** `system_information.ready`: a compute can start nodes. */
  readonly ready: boolean;
  /** `system_health.valid`. */
  readonly valid: boolean;
  /** The checks `system_health` reports failed (e.g. `compute 1a2b: libvirt`), empty when valid. */
  readonly problems: readonly string[];
}

/** The licence registration status CML reports; `IN_PROGRESS` while a registration is underway. */
export type CmlLicenseState = LicenseStatus | 'IN_PROGRESS' | 'FAILED';

/**
 * The CML operations worker-manager needs on a worker's endpoint (a port; the adapter is @lcm/cml-client).
 * Failures to reach CML throw.
 */
export interface CmlGateway {
  /** `GET /system_information` and, when it says ready, a login. */
  readiness(endpoint: string): Promise<CmlReadiness>;
  /** `system_stats` (+ labs) as a metrics sample. */
  metrics(endpoint: string): Promise<CmlMetricsSample>;
  /** `system_information` and `system_health`; throws when CML does not answer or answers an error. */
  health(endpoint: string): Promise<CmlHealth>;
  /** `GET /licensing` registration status. */
  licenseState(endpoint: string): Promise<CmlLicenseState>;
  /** Starts a registration with a Smart Licensing token (CML accepts at once and works in the background). */
  registerLicense(endpoint: string, token: string): Promise<void>;
  /** Deregisters; CML's 202 (done locally) and 400 (nothing registered) both count as done. */
  deregisterLicense(endpoint: string): Promise<void>;
}

/** DI token of the CmlGateway. */
export const CML_GATEWAY = Symbol.for('lcm.CmlGateway');

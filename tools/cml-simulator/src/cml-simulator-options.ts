/** A user that exists when the simulator starts. */
export interface SimulatedUserSeed {
  username: string;
  password: string;
  admin?: boolean;
}

/** How the simulated controller behaves; every field has a default that suits tests. */
export interface CmlSimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; the default keeps it on loopback. */
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM), like a real controller's self-signed one. */
  tls?: { key: string; cert: string };
  /** The administrator LCM logs in as. */
  admin?: { username: string; password: string };
  /** More users present from the start. */
  users?: SimulatedUserSeed[];
  /** Lifetime of issued JWTs. */
  tokenTtlSeconds?: number;
  /** Time after start before `GET /system_information` says `ready: true`. */
  bootDelayMs?: number;
  /** Time after a lab start before all its nodes are BOOTED (the lab has converged). */
  nodeBootDelayMs?: number;
  /** Time a licence registration stays in progress before it completes. */
  licenseRegistrationDelayMs?: number;
  /** The status deregistration answers with: 202 (done locally, SSMS not told) as CML often does, or 204. */
  deregistrationStatus?: 202 | 204;
  /** Whether the controller starts with a registered licence. */
  licenseRegistered?: boolean;
  /** The product licence reported; enterprise changes `is_enterprise`. */
  enterprise?: boolean;
  /** The version `system_information` reports. */
  version?: string;
  /** Host resources reported by `system_stats`. */
  capacity?: { cpus: number; memoryGb: number; diskGb: number };
  /** The source of time in ms, so tests can move it instead of waiting. */
  now?: () => number;
}

/** Options with every default filled in. */
export type ResolvedSimulatorOptions = Required<Omit<CmlSimulatorOptions, 'tls'>> &
  Pick<CmlSimulatorOptions, 'tls'>;

/** Merges options with the defaults, in this one place. */
export function resolveSimulatorOptions(options: CmlSimulatorOptions = {}): ResolvedSimulatorOptions {
  return {
    port: 0,
    host: '127.0.0.1',
    admin: { username: 'admin', password: 'admin' },
    users: [],
    tokenTtlSeconds: 8 * 3600,
    bootDelayMs: 0,
    nodeBootDelayMs: 300,
    licenseRegistrationDelayMs: 300,
    deregistrationStatus: 202,
    licenseRegistered: false,
    enterprise: false,
    version: '2.9.0+build.3',
    capacity: { cpus: 8, memoryGb: 32, diskGb: 200 },
    now: Date.now,
    ...definedOnly(options),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { CmlClient } from '@lcm/cml-client';
import type {
  CmlGateway,
  CmlHealth,
  CmlLicenseState,
  CmlMetricsSample,
  CmlReadiness,
} from '../../domain/services/cml-gateway';

/** How the CML adapter logs in and how patient it is. */
export interface CmlClientGatewayOptions {
  readonly username: string;
  readonly password: string;
  readonly verifyTls: boolean;
  readonly timeoutMs: number;
  /** The clock idle clients are measured with (tests pass their own). */
  readonly now?: () => number;
  /**
   * How long a worker's circuit stays open after repeated failures (the client's default, 30 s, when
   * unset): tests of a CML that recovers pass 0 so the next pass reaches it.
   */
  readonly circuitCooldownMs?: number;
}

/**
 * A client unused for this long belongs to a worker that stopped, was terminated or came back on a new
 * address (every reconcile pass uses the clients of RUNNING workers): it is closed and forgotten.
 */
export const IDLE_CLIENT_MS = 15 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * The CmlGateway on @lcm/cml-client: one client per endpoint, kept so its login token and circuit breaker
 * carry over between reconcile passes, and closed once idle. The password is only handed to the client,
 * never logged.
 */
export class CmlClientGateway implements CmlGateway {
  private readonly clients = new Map<string, { client: CmlClient; lastUsed: number }>();
  private lastSweep = 0;
  private readonly now: () => number;

  constructor(private readonly options: CmlClientGatewayOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The endpoints that have an open client. */
  get openEndpoints(): string[] {
    return [...this.clients.keys()];
  }

  async readiness(endpoint: string): Promise<CmlReadiness> {
    const client = this.client(endpoint);
    const info = await client.systemInformation();
    if (!info.ready) return { ready: false, version: info.version ?? null };
    await client.authenticate();
    return { ready: true, version: info.version ?? null };
  }

  async metrics(endpoint: string): Promise<CmlMetricsSample> {
    const client = this.client(endpoint);
    const stats = await client.systemStats();
    const labs = await client.listLabs({ showAll: true });
    const all = stats.all;
    const percent = (used?: number, total?: number) =>
      used !== undefined && total ? Math.round((used / total) * 1000) / 10 : 0;
    const runningNodes = Object.values(stats.computes ?? {}).reduce(
      (sum, c) => sum + (c.stats?.dominfo?.running_nodes ?? 0),
      0,
    );
    return {
      cpuPercent: Math.round((all?.cpu?.percent ?? 0) * 10) / 10,
      memoryUsedPercent: percent(all?.memory?.used, (all?.memory?.used ?? 0) + (all?.memory?.free ?? 0)),
      diskUsedPercent: percent(all?.disk?.used, (all?.disk?.used ?? 0) + (all?.disk?.free ?? 0)),
      runningNodes,
      labsCount: labs.length,
    };
  }

  async health(endpoint: string): Promise<CmlHealth> {
    const client = this.client(endpoint);
    const info = await client.systemInformation();
    if (!info.ready) return { ready: false, valid: false, problems: [] };
    const health = await client.systemHealth();
    const problems: string[] = [];
    const failed = (part: object | undefined) =>
      Object.entries(part ?? {})
        .filter(([key, value]) => value === false && key !== 'valid')
        .map(([key]) => key);
    if (health.controller && !health.controller.valid)
      problems.push(`controller: ${failed(health.controller).join(' ') || 'not valid'}`);
    for (const [id, compute] of Object.entries(health.computes ?? {})) {
      if (!compute.valid)
        problems.push(`compute ${id.slice(0, 8)}: ${failed(compute).join(' ') || 'not valid'}`);
    }
    return { ready: true, valid: health.valid !== false && problems.length === 0, problems };
  }

  async licenseState(endpoint: string): Promise<CmlLicenseState> {
    const status =
      (await this.client(endpoint).licensing()).registration?.status?.toUpperCase() ?? 'UNREGISTERED';
    if (status === 'REGISTERED') return 'REGISTERED';
    if (status === 'IN_PROGRESS' || status === 'PENDING') return 'IN_PROGRESS';
    if (status === 'FAILED') return 'FAILED';
    if (status.startsWith('EVAL')) return 'EVALUATION';
    return 'UNREGISTERED';
  }

  async registerLicense(endpoint: string, token: string): Promise<void> {
    await this.client(endpoint).registerLicense(token);
  }

  async deregisterLicense(endpoint: string): Promise<void> {
    await this.client(endpoint).deregisterLicense();
  }

  /**
   * Whether the circuit breaker of this endpoint's client is tripped (open, or waiting for its trial
   * call): calls to that CML fail fast instead of waiting for a timeout each. False without a client.
   */
  circuitOpen(endpoint: string): boolean {
    const kept = this.clients.get(endpoint);
    return kept !== undefined && kept.client.circuitState !== 'closed';
  }

  /** Closes every client. */
  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }

  private client(endpoint: string): CmlClient {
    const now = this.now();
    this.closeIdle(now);
    const kept = this.clients.get(endpoint);
    if (kept) {
      kept.lastUsed = now;
      return kept.client;
    }
    const client = new CmlClient({
      baseUrl: endpoint,
      credentials: { username: this.options.username, password: this.options.password },
      verifyTls: this.options.verifyTls,
      timeoutMs: this.options.timeoutMs,
      retry: { maxAttempts: 2 },
      ...(this.options.circuitCooldownMs === undefined
        ? {}
        : { circuitBreaker: { cooldownMs: this.options.circuitCooldownMs } }),
    });
    this.clients.set(endpoint, { client, lastUsed: now });
    return client;
  }

  private closeIdle(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [endpoint, { client, lastUsed }] of this.clients) {
      if (now - lastUsed < IDLE_CLIENT_MS) continue;
      client.close();
      this.clients.delete(endpoint);
    }
  }
}

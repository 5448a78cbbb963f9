import { CmlClient } from '@lcm/cml-client';
import type {
  CmlGateway,
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
}

/**
 * The CmlGateway on @lcm/cml-client: one client per endpoint, kept so its login token and circuit breaker
 * carry over between reconcile passes. The password is only handed to the client, never logged.
 */
export class CmlClientGateway implements CmlGateway {
  private readonly clients = new Map<string, CmlClient>();

  constructor(private readonly options: CmlClientGatewayOptions) {}

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

  /** Closes every client. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private client(endpoint: string): CmlClient {
    let client = this.clients.get(endpoint);
    if (!client) {
      client = new CmlClient({
        baseUrl: endpoint,
        credentials: { username: this.options.username, password: this.options.password },
        verifyTls: this.options.verifyTls,
        timeoutMs: this.options.timeoutMs,
        retry: { maxAttempts: 2 },
      });
      this.clients.set(endpoint, client);
    }
    return client;
  }
}

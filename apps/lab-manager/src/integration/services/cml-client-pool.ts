import { CmlClient } from '@lcm/cml-client';
import type { CmlLabs, CmlLabsProvider } from '../../domain/services/cml-labs';
import { CmlClientLabs } from './cml-client-labs';

/** How the pool builds clients: the service account and transport settings shared by all workers. */
export interface CmlClientPoolOptions {
  readonly username: string;
  readonly password: string;
  readonly verifyTls: boolean;
  readonly timeoutMs: number;
}

/**
 * One CmlClient per worker endpoint, kept for the life of the service so each worker's token cache and
 * circuit breaker persist across operations.
 */
export class CmlClientPool implements CmlLabsProvider {
  readonly #options: CmlClientPoolOptions;
  private readonly clients = new Map<string, CmlClient>();

  constructor(options: CmlClientPoolOptions) {
    this.#options = options;
  }

  forEndpoint(httpsEndpoint: string): CmlLabs {
    let client = this.clients.get(httpsEndpoint);
    if (!client) {
      client = new CmlClient({
        baseUrl: httpsEndpoint,
        credentials: { username: this.#options.username, password: this.#options.password },
        verifyTls: this.#options.verifyTls,
        timeoutMs: this.#options.timeoutMs,
      });
      this.clients.set(httpsEndpoint, client);
    }
    return new CmlClientLabs(client);
  }

  /**
   * Whether the circuit breaker of this endpoint's client is tripped (open, or waiting for its trial call):
   * calls to that CML fail at once. False for an endpoint no call went to yet.
   */
  circuitOpen(httpsEndpoint: string): boolean {
    const client = this.clients.get(httpsEndpoint);
    return client !== undefined && client.circuitState !== 'closed';
  }

  /** Drops every client's pooled connections. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

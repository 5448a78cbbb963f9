import type { Db } from 'mongodb';
import { pingWithin } from '../ops/ping-within';
import type { HealthCheck, HealthStatus } from '../ops/health-check';

/**
 * Readiness of a service's MongoDB: a `ping` command that must answer within `timeoutMs`. The timeout
 * matters because the driver waits up to its server selection timeout (30 s by default) while MongoDB is
 * away, and a readiness probe must answer sooner than that.
 */
export class MongoHealthCheck implements HealthCheck {
  constructor(
    private readonly db: Db,
    private readonly timeoutMs = 1000,
    readonly name = 'mongodb',
  ) {}

  async check(): Promise<HealthStatus> {
    return pingWithin(this.timeoutMs, 'ping', () => this.db.command({ ping: 1 }));
  }
}

import type { Db } from 'mongodb';
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
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no ping answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([this.db.command({ ping: 1 }), timeout]);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

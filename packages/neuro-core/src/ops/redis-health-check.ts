import type { Redis } from 'ioredis';
import type { HealthCheck, HealthStatus } from './health-check';

/**
 * Readiness of the Redis that jobs, the outbox relay and event de-duplication depend on: a PING that
 * must answer within `timeoutMs`. The timeout matters because BullMQ connections
 * (`maxRetriesPerRequest: null`) queue commands forever while Redis is away, and a probe must not hang.
 */
export class RedisHealthCheck implements HealthCheck {
  constructor(
    private readonly redis: Redis,
    private readonly timeoutMs = 1000,
    readonly name = 'redis',
  ) {}

  async check(): Promise<HealthStatus> {
    if (this.redis.status !== 'ready') return { ok: false, detail: `connection is ${this.redis.status}` };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no PING answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      await Promise.race([this.redis.ping(), timeout]);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

import type { Redis } from 'ioredis';
import { pingWithin } from './ping-within';
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
    return pingWithin(this.timeoutMs, 'PING', () => this.redis.ping());
  }
}

import type { Redis } from 'ioredis';
import type { HealthCheck, HealthStatus } from '../ops/health-check';

/** What the check asks of the JobHost. */
export interface SchedulerInspector {
  /** The declared schedulers that are not in Redis. */
  missing(): Promise<string[]>;
  /** Called when some are missing, to have them re-created without waiting for the next periodic check. */
  onMissing(): void;
}

/**
 * Readiness of a JobHost's recurring jobs: every declared scheduler must be in Redis. Without this, a Redis
 * restarted without persistence comes back empty, the Redis check turns green again, and no reconcile,
 * placement or timer ever runs. A probe that finds one missing also asks for the repair, so a pod is
 * unready for one probe rather than until the next periodic check. The read must answer within
 * `timeoutMs`: the connection queues commands while Redis is away, and a probe must not hang.
 */
export class JobSchedulersHealthCheck implements HealthCheck {
  readonly name = 'job-schedulers';

  constructor(
    private readonly schedulers: SchedulerInspector,
    private readonly connection: Redis,
    private readonly timeoutMs = 1000,
  ) {}

  async check(): Promise<HealthStatus> {
    if (this.connection.status !== 'ready') {
      return { ok: false, detail: `cannot read the schedulers: connection is ${this.connection.status}` };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the schedulers could not be read within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const missing = await Promise.race([this.schedulers.missing(), timeout]);
      if (missing.length === 0) return { ok: true };
      this.schedulers.onMissing();
      return { ok: false, detail: `job schedulers missing from Redis: ${missing.join(', ')}` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}

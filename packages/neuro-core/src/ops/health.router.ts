import { Router } from 'express';
import type { HealthCheck, HealthStatus } from './health-check';

/** What `/health/ready` checks and how long it waits for each check. */
export interface HealthRouterOptions {
  readonly checks?: readonly HealthCheck[];
  /** A check that has not answered by then counts as failed. Default 2000 ms, under a typical probe timeout. */
  readonly timeoutMs?: number;
}

/**
 * Kubernetes probes. `/health/live` answers 200 while the process can serve HTTP at all (a restart would
 * not fix a down dependency). `/health/ready` runs every check in parallel and answers 200 when all pass,
 * else 503, with each check's status either way.
 */
export function createHealthRouter(options: HealthRouterOptions = {}): Router {
  const checks = options.checks ?? [];
  const timeoutMs = options.timeoutMs ?? 2000;
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const results = await Promise.all(checks.map((check) => run(check, timeoutMs)));
    const ready = results.every((result) => result.ok);
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({
        status: ready ? 'ok' : 'unavailable',
        checks: Object.fromEntries(checks.map((check, index) => [check.name, results[index]])),
      });
  });
  return router;
}

async function run(check: HealthCheck, timeoutMs: number): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthStatus>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check.check(), timeout]);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

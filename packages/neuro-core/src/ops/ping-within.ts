import type { HealthStatus } from './health-check';

/**
 * Runs `ping` and reports ok, or the error, or that no answer came within `timeoutMs`. A readiness probe
 * must answer sooner than a driver's own timeouts (MongoDB's server selection waits 30 s; a BullMQ Redis
 * connection queues commands forever while Redis is away).
 */
export async function pingWithin(
  timeoutMs: number,
  what: string,
  ping: () => Promise<unknown>,
): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ping(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** The longest wait a `Retry-After` may impose on a sender; a receiver asking for more gets this. */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * How long a `Retry-After` header asks the client to wait, in ms: delay-seconds or an HTTP-date
 * (RFC 9110 10.2.3), at most `MAX_RETRY_AFTER_MS`; `undefined` when there is none or it is not one of the
 * two forms, so the sender falls back to its own backoff. A date in the past is no wait.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

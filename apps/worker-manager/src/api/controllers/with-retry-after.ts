import { type OperationResult, RawResponse } from '@lcm/neuro-core';

/**
 * Answers a Failure whose problem carries `retryAfterSeconds` (e.g. 429 `rate_limited`) with the same
 * problem+json document plus the `Retry-After` header clients and proxies read; any other result as it is.
 */
export function withRetryAfter<T>(result: OperationResult<T>): OperationResult<T> | RawResponse {
  if (result.ok) return result;
  const retryAfter = (result.problem as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter !== 'number') return result;
  return new RawResponse((res) =>
    res
      .status(result.status)
      .set('Retry-After', String(retryAfter))
      .type('application/problem+json')
      .json({ ...result.problem, instance: res.req.originalUrl.split('?')[0] }),
  );
}

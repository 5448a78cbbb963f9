import { CmlError } from './cml-error';

/** How often and how patiently failed calls are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. */
  maxAttempts: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** Upper bound of a single delay. */
  maxDelayMs: number;
}

/**
 * Decides whether a failed CML call is tried again and after how long: only idempotent calls (or POSTs
 * marked safe), only for failures a retry can cure (timeouts, unreachable, 5xx), with exponential backoff
 * and jitter so a fleet of callers does not retry in lockstep.
 */
export class RetryPolicy {
  constructor(
    private readonly options: RetryOptions,
    private readonly random: () => number = Math.random,
  ) {}

  shouldRetry(error: unknown, idempotent: boolean, attempt: number): boolean {
    if (!idempotent || attempt >= this.options.maxAttempts || !CmlError.is(error)) return false;
    if (error.kind === 'timeout' || error.kind === 'unreachable') return true;
    return error.kind === 'http' && (error.status ?? 0) >= 500;
  }

  /** The delay after failed attempt number `attempt` (1-based): half fixed, half random. */
  delayMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + this.random() * (ceiling / 2);
  }
}

import type { CircuitBreakerOptions } from './circuit-breaker';
import type { RetryOptions } from './retry-policy';

/** The CML account a client logs in with. */
export interface CmlCredentials {
  username: string;
  password: string;
}

/** Settings of one client, i.e. one CML worker. Only `baseUrl` and `credentials` are required. */
export interface CmlClientOptions {
  /** The controller's address without `/api/v0`, e.g. `https://10.0.1.17`. */
  baseUrl: string;
  credentials: CmlCredentials;
  /** Check the server certificate; turn off for CML's self-signed certificates. Default true. */
  verifyTls?: boolean;
  /** Time limit of every single HTTP call. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** Refresh a token this long before its `exp`. Default 60 s. */
  tokenRefreshMarginMs?: number;
  /** The source of time in ms (breaker cool-down, token expiry); tests pass their own. */
  now?: () => number;
  /** The source of jitter in [0, 1); tests pass their own. */
  random?: () => number;
}

/** Options with every default filled in. */
export type ResolvedCmlClientOptions = Required<Omit<CmlClientOptions, 'retry' | 'circuitBreaker'>> & {
  retry: RetryOptions;
  circuitBreaker: CircuitBreakerOptions;
};

/** Merges options with the defaults, in this one place. */
export function resolveCmlClientOptions(options: CmlClientOptions): ResolvedCmlClientOptions {
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    credentials: options.credentials,
    verifyTls: options.verifyTls ?? true,
    timeoutMs: options.timeoutMs ?? 30_000,
    tokenRefreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4_000, ...options.retry },
    circuitBreaker: { failureThreshold: 5, cooldownMs: 30_000, ...options.circuitBreaker },
  };
}

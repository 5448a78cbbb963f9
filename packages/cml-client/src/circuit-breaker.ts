/** closed: calls flow; open: calls fail fast; halfOpen: one trial call decides whether to close again. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

/** When the breaker opens and how long it stays open. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Time the circuit stays open before a trial call is let through. */
  cooldownMs: number;
}

/**
 * A per-worker circuit breaker, so an unreachable CML controller costs callers one fast failure instead of
 * a timeout each. Failures are transport failures and 5xx answers; any other answer proves the controller
 * is up and counts as a success.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.cooldownMs) return 'halfOpen';
    return this.current;
  }

  /** Time left before a trial call is allowed, 0 when calls may go. */
  get retryInMs(): number {
    return this.current === 'open' ? Math.max(0, this.options.cooldownMs - (this.now() - this.openedAt)) : 0;
  }

  /** Whether a call may go now; in half-open state only the first caller gets the trial. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.current = 'halfOpen';
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.current = 'closed';
    this.failures = 0;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.current === 'halfOpen' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
    this.trialInFlight = false;
  }
}

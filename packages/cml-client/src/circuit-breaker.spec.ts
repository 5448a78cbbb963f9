import { CircuitBreaker } from './circuit-breaker';

function breakerWithClock(failureThreshold = 3, cooldownMs = 1000) {
  let now = 0;
  const breaker = new CircuitBreaker({ failureThreshold, cooldownMs }, () => now);
  return { breaker, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and then refuses calls', () => {
    const { breaker } = breakerWithClock(3);

    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();

    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('counts only consecutive failures: a success in between starts over', () => {
    const { breaker } = breakerWithClock(2);

    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();

    expect(breaker.state).toBe('closed');
  });

  it('lets exactly one trial call through after the cool-down and closes when it succeeds', () => {
    const { breaker, advance } = breakerWithClock(1, 1000);
    breaker.recordFailure();
    advance(999);
    expect(breaker.retryInMs).toBe(1);
    expect(breaker.tryAcquire()).toBe(false);

    advance(1);
    expect(breaker.state).toBe('halfOpen');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();

    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens again for a full cool-down when the trial call fails', () => {
    const { breaker, advance } = breakerWithClock(1, 1000);
    breaker.recordFailure();
    advance(1000);
    breaker.tryAcquire();

    breaker.recordFailure();

    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs).toBe(1000);
  });
});

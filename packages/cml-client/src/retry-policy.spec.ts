import { CmlError } from './cml-error';
import { RetryPolicy } from './retry-policy';

const policy = (random = () => 0.5) =>
  new RetryPolicy({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 300 }, random);
const http = (status: number) => new CmlError('http', `answered ${status}`, { status });

describe('RetryPolicy', () => {
  it('retries idempotent calls on timeouts, unreachable controllers and 5xx', () => {
    expect(policy().shouldRetry(new CmlError('timeout', 't'), true, 1)).toBe(true);
    expect(policy().shouldRetry(new CmlError('unreachable', 'u'), true, 1)).toBe(true);
    expect(policy().shouldRetry(http(503), true, 2)).toBe(true);
  });

  it('never retries non-idempotent calls, 4xx answers, auth failures or an open circuit', () => {
    expect(policy().shouldRetry(http(500), false, 1)).toBe(false);
    expect(policy().shouldRetry(http(400), true, 1)).toBe(false);
    expect(policy().shouldRetry(new CmlError('auth', 'a', { status: 403 }), true, 1)).toBe(false);
    expect(policy().shouldRetry(new CmlError('circuitOpen', 'c'), true, 1)).toBe(false);
    expect(policy().shouldRetry(new Error('bug'), true, 1)).toBe(false);
  });

  it('stops after the maximum number of attempts', () => {
    expect(policy().shouldRetry(http(500), true, 3)).toBe(false);
  });

  it('backs off exponentially up to the cap, with half of each delay random', () => {
    const lowest = policy(() => 0);
    const highest = policy(() => 0.999999);

    expect([1, 2, 3, 4].map((attempt) => lowest.delayMs(attempt))).toEqual([50, 100, 150, 150]);
    expect(Math.round(highest.delayMs(1))).toBe(100);
    expect(Math.round(highest.delayMs(2))).toBe(200);
  });
});

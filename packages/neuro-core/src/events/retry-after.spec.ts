import { MAX_RETRY_AFTER_MS, retryAfterMs } from './retry-after';

const now = Date.parse('2026-03-01T10:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it, none when it has passed', () => {
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('caps what a receiver may ask for at five minutes', () => {
    expect(retryAfterMs('86400', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(300_000);
  });

  it('ignores a missing or malformed header, so the sender keeps its own backoff', () => {
    for (const header of [null, undefined, '', '  ', '-1', '1.5', '2 s', 'soon', 'Sunday']) {
      expect(retryAfterMs(header, now)).toBeUndefined();
    }
  });
});

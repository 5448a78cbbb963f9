import type { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokens } from './verified-tokens';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const userExpiringAt = (ms: number | undefined): AuthenticatedUser => ({
  sub: 'svc',
  roles: ['service'],
  claims: ms === undefined ? { sub: 'svc' } : { sub: 'svc', exp: ms / 1000 },
});

describe('VerifiedTokens', () => {
  it('trusts a remembered token until its exp, and not at or after it', () => {
    const tokens = new VerifiedTokens({ capacity: 10, maxAgeMs: 60_000 });
    const user = userExpiringAt(T0 + 10_000);
    tokens.remember('a', user, T0);

    expect(tokens.get('a', T0 + 9_999)).toBe(user);
    expect(tokens.get('a', T0 + 10_000)).toBeUndefined();
    expect(tokens.get('b', T0)).toBeUndefined();
  });

  it('trusts a token no longer than maxAgeMs, even one without exp or with a distant one', () => {
    const tokens = new VerifiedTokens({ capacity: 10, maxAgeMs: 60_000 });
    tokens.remember('no-exp', userExpiringAt(undefined), T0);
    tokens.remember('far', userExpiringAt(T0 + 3_600_000), T0);

    expect(tokens.get('no-exp', T0 + 59_999)).toBeDefined();
    expect(tokens.get('far', T0 + 59_999)).toBeDefined();
    expect(tokens.get('no-exp', T0 + 60_000)).toBeUndefined();
    expect(tokens.get('far', T0 + 60_000)).toBeUndefined();
  });

  it('checks again when the clock is set back before the verification, and forgets what it refused', () => {
    const tokens = new VerifiedTokens({ capacity: 10, maxAgeMs: 60_000 });
    tokens.remember('a', userExpiringAt(T0 + 30_000), T0);

    expect(tokens.get('a', T0 - 1)).toBeUndefined();
    expect(tokens.get('a', T0)).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('does not remember a token that is already past its exp', () => {
    const tokens = new VerifiedTokens({ capacity: 10, maxAgeMs: 60_000 });
    tokens.remember('late', userExpiringAt(T0 - 1), T0);

    expect(tokens.size).toBe(0);
  });

  it('holds at most capacity tokens, dropping the least recently used', () => {
    const tokens = new VerifiedTokens({ capacity: 3, maxAgeMs: 60_000 });
    for (const token of ['a', 'b', 'c']) tokens.remember(token, userExpiringAt(undefined), T0);
    tokens.get('a', T0 + 1); // used: now b is the stalest
    tokens.remember('d', userExpiringAt(undefined), T0 + 2);

    expect(tokens.size).toBe(3);
    expect(tokens.get('b', T0 + 3)).toBeUndefined();
    expect(['a', 'c', 'd'].map((token) => tokens.get(token, T0 + 3) !== undefined)).toEqual([
      true,
      true,
      true,
    ]);
    for (let i = 0; i < 100; i++) tokens.remember(`t${i}`, userExpiringAt(undefined), T0 + 4);
    expect(tokens.size).toBe(3);
  });
});

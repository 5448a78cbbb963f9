import type { AuthenticatedUser } from './authenticated-user';

/** How many tokens and for how long a VerifiedTokens remembers. */
export interface VerifiedTokensOptions {
  /** Most tokens held; the least recently used goes first. */
  readonly capacity: number;
  /** Longest a token is trusted without a second check, however far away its `exp` is. */
  readonly maxAgeMs: number;
}

interface Entry {
  readonly user: AuthenticatedUser;
  /** When it was verified: a clock set back before that (tests move time) checks the token again. */
  readonly verifiedAt: number;
  /** Trusted until then: its `exp`, or `verifiedAt + maxAgeMs` if that comes first. */
  readonly until: number;
}

/**
 * The tokens an authenticator verified lately, by their exact string, with the user read from them. A
 * service token is sent with every event delivery and every service-to-service call, and checking its
 * signature again each time was the largest single cost of event delivery (`npm run bench -- events`).
 * A token's string fixes its signature and claims, so a hit can only be a token already verified; it is
 * trusted no later than its `exp` (jose would still accept it for the clock tolerance) and no longer than
 * `maxAgeMs`, which bounds how long a token outlives a key its issuer withdrew. Only accepted tokens are
 * remembered, and at most `capacity` of them.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: VerifiedTokensOptions) {}

  /** The user of a token verified before and still trusted at `now` (ms since the epoch). */
  get(token: string, now: number): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (now < entry.verifiedAt || now >= entry.until) return undefined;
    // Re-inserted, so the Map's order is the order of last use and eviction takes the stalest.
    this.entries.set(token, entry);
    return entry.user;
  }

  /** Remembers a token just verified at `now`; one without `exp` is trusted for `maxAgeMs`. */
  remember(token: string, user: AuthenticatedUser, now: number): void {
    const exp = user.claims['exp'];
    const until = Math.min(
      now + this.options.maxAgeMs,
      typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY,
    );
    if (until <= now) return;
    this.entries.delete(token);
    this.entries.set(token, { user, verifiedAt: now, until });
    if (this.entries.size > this.options.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** How many tokens are held (tests check the bound). */
  get size(): number {
    return this.entries.size;
  }
}

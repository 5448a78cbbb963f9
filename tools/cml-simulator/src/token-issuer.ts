import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/** Who a valid token belongs to. */
export interface TokenSubject {
  userId: string;
  username: string;
}

/**
 * Issues and checks real HS256-signed JWTs like CML's. `expireAll` invalidates every token issued so far
 * (a generation claim), which is how tests make the next call answer 401.
 */
export class TokenIssuer {
  private readonly secret = new Uint8Array(randomBytes(32));
  private generation = 0;

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  async issue(subject: TokenSubject): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ gen: this.generation, username: subject.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('com.cisco.cml.simulator')
      .setSubject(subject.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.secret);
  }

  /** The subject of a valid, unexpired token of the current generation, or undefined. */
  async verify(token: string): Promise<TokenSubject | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { currentDate: new Date(this.now()) });
      if (payload.gen !== this.generation || typeof payload.sub !== 'string') return undefined;
      return { userId: payload.sub, username: String(payload.username) };
    } catch {
      return undefined;
    }
  }

  expireAll(): void {
    this.generation += 1;
  }
}

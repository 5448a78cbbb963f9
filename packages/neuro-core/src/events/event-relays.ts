import { type JSONWebKeySet, decodeJwt } from 'jose';
import { JwtAuthenticator } from '../auth/jwt-authenticator';
import type { Clock } from '../core/clock';
import { OperationResult } from '../core/operation-result';

/** Who may relay events to `POST /events`, and how their tokens are verified. */
export interface EventRelaysOptions {
  /** The relay issuer's JWKS URL (the cluster's service-account issuer), or a key set held in process. */
  readonly jwks: string | URL | JSONWebKeySet;
  /** `iss` of relay tokens (AUTH_EVENTS_RELAY_ISSUER). */
  readonly issuer: string;
  /** `aud` every relay token must carry (AUTH_EVENTS_AUDIENCE). */
  readonly audience: string;
  /** The exact `sub` values allowed to relay (EVENT_RELAY_SUBJECTS). */
  readonly subjects: readonly string[];
  /** The time tokens are checked at. Default the system clock. */
  readonly clock?: Clock;
}

/**
 * The trusted relays of `POST /events`: deliverers such as a Knative Broker's Trigger, which authenticate
 * with a token of the cluster's service-account issuer (no roles, no OAuth client) and pass on events
 * whose producers the Broker's ingress authenticated. A relay is trusted for every event type of the
 * catalog, so only the subjects named are: any other valid token of that issuer is refused.
 */
export class EventRelays {
  private readonly verifier: JwtAuthenticator;

  constructor(private readonly options: EventRelaysOptions) {
    this.verifier = new JwtAuthenticator({
      jwks: options.jwks,
      issuer: options.issuer,
      audience: options.audience,
      clock: options.clock,
    });
  }

  /**
   * Whether the bearer token names the relay issuer. Read unverified, only to pick the keys it is then
   * verified with: a forged `iss` fails that verification.
   */
  issued(authorization: string | undefined): boolean {
    const [scheme, token, ...rest] = (authorization ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) return false;
    try {
      return decodeJwt(token).iss === this.options.issuer;
    } catch {
      return false;
    }
  }

  /** The relay's subject, from a verified token of an allowed subject; a 401 or 403 otherwise. */
  async authenticate(authorization: string | undefined): Promise<OperationResult<string>> {
    const verified = await this.verifier.authenticate(authorization);
    if (!verified.ok) return verified;
    const { sub } = verified.value;
    if (this.options.subjects.includes(sub)) return OperationResult.ok(sub);
    return OperationResult.forbidden(`${sub} may not relay events: EVENT_RELAY_SUBJECTS does not name it`);
  }
}

import {
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
} from 'jose';
import type { Clock } from '../core/clock';
import { OperationResult } from '../core/operation-result';
import type { AuthenticatedUser } from './authenticated-user';
import type { Authenticator } from './authenticator';
import { VerifiedTokens } from './verified-tokens';

/** Where the verifying keys come from and which tokens are accepted. */
export interface JwtAuthenticatorOptions {
  /** The issuer's JWKS URL (fetched and cached), or a key set held in process (the dev issuer's). */
  readonly jwks: string | URL | JSONWebKeySet;
  /** Accepted `iss`; unchecked when absent. */
  readonly issuer?: string | readonly string[];
  /** Accepted `aud`; unchecked when absent. */
  readonly audience?: string | readonly string[];
  /** Dotted path of the roles claim. Default `realm_access.roles` (Keycloak realm roles). */
  readonly rolesClaim?: string;
  /** Allowed clock skew between issuer and service, in seconds. Default 30. */
  readonly clockToleranceSeconds?: number;
  /**
   * Least time between two fetches of a remote JWKS, which a token with an unknown `kid` triggers.
   * Default `JwtAuthenticator.defaultJwksCooldownMs`.
   */
  readonly jwksCooldownMs?: number;
  /** The time tokens are checked at. Default the system clock. */
  readonly clock?: Clock;
  /**
   * Accepted tokens remembered, so a token sent again is not verified again (until its `exp`, at most
   * `maxAgeMs`). Default `JwtAuthenticator.defaultVerifiedTokens`; `false` verifies every time.
   */
  readonly verifiedTokens?: { readonly capacity: number; readonly maxAgeMs: number } | false;
}

/**
 * Verifies `Authorization: Bearer <jwt>` tokens with jose: signature against the issuer's JWKS, expiry,
 * issuer and audience, and a required `sub`. The failure detail says what is wrong with the token but
 * never echoes it.
 */
export class JwtAuthenticator implements Authenticator {
  /** Keycloak's realm roles, the default place to read roles from. */
  static readonly defaultRolesClaim = 'realm_access.roles';
  /**
   * An issuer that rotates its keys signs with the new one at once: jose's own 30 s would refuse every
   * new token that long, where one JWKS fetch a second costs the issuer nothing.
   */
  static readonly defaultJwksCooldownMs = 1000;
  /**
   * A service sends the same token with every call until it renews it, and a busy REST client does too: a
   * thousand tokens cover every caller of a service. A minute bounds how long a token outlives a key the
   * issuer withdrew, well within the ten minutes jose keeps a fetched key set anyway.
   */
  static readonly defaultVerifiedTokens = { capacity: 1000, maxAgeMs: 60_000 };

  private readonly keys: JWTVerifyGetKey;
  private readonly rolesPath: readonly string[];
  private readonly verified?: VerifiedTokens;

  constructor(private readonly options: JwtAuthenticatorOptions) {
    const { jwks } = options;
    this.keys =
      typeof jwks === 'string' || jwks instanceof URL
        ? createRemoteJWKSet(new URL(jwks), {
            cooldownDuration: options.jwksCooldownMs ?? JwtAuthenticator.defaultJwksCooldownMs,
          })
        : createLocalJWKSet(jwks);
    this.rolesPath = (options.rolesClaim ?? JwtAuthenticator.defaultRolesClaim).split('.');
    const verified = options.verifiedTokens ?? JwtAuthenticator.defaultVerifiedTokens;
    if (verified) this.verified = new VerifiedTokens(verified);
  }

  async authenticate(authorization: string | undefined): Promise<OperationResult<AuthenticatedUser>> {
    if (!authorization) return OperationResult.unauthorized('a bearer token is required');
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    if (scheme.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
      return OperationResult.unauthorized("the Authorization header must be 'Bearer <token>'");
    }
    const now = this.options.clock?.now() ?? new Date();
    const known = this.verified?.get(token, now.getTime());
    if (known) return OperationResult.ok(known);
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer as string | string[] | undefined,
        audience: this.options.audience as string | string[] | undefined,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        currentDate: now,
        requiredClaims: ['sub'],
      });
      // Frozen: a remembered user is handed to every later request with the same token.
      const user: AuthenticatedUser = Object.freeze({
        sub: payload.sub as string,
        roles: Object.freeze(this.rolesOf(payload)),
        claims: Object.freeze(payload),
      });
      this.verified?.remember(token, user, now.getTime());
      return OperationResult.ok(user);
    } catch (error) {
      return refusal(error);
    }
  }

  private rolesOf(payload: JWTPayload): string[] {
    const value = this.rolesPath.reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      payload,
    );
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
  }
}

function refusal(error: unknown) {
  if (error instanceof errors.JWTExpired) return OperationResult.unauthorized('the bearer token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return OperationResult.unauthorized(
      `the bearer token's "${error.claim}" claim is not accepted: ${error.reason}`,
    );
  }
  // The issuer's key endpoint failing (down, slow, answering garbage, all of which jose reports as a
  // timeout, an invalid set, a generic JOSE error or a fetch error) is not the client's fault: 503.
  const unreachable =
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError) ||
    error.code === errors.JOSEError.code;
  if (unreachable) {
    return OperationResult.fail(503, "the token issuer's keys cannot be fetched right now");
  }
  return OperationResult.unauthorized('the bearer token is not valid');
}

import * as oauth from 'oauth4webapi';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../core/clock';
import type { ServiceTokens } from './service-tokens';
import { tracedFetch } from '../ops/tracing';

/** Which OAuth client this service is and where it gets its tokens. */
export interface ClientCredentialsOptions {
  /** The issuer's token endpoint, or a function naming it once it is known (the embedded dev issuer's port). */
  readonly tokenUrl: string | URL | (() => string | URL);
  readonly clientId: string;
  readonly clientSecret: string;
  /** `scope` of the token request; none when absent. */
  readonly scope?: string;
  /** How long a token request may take. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** The time token lifetimes are measured with. Default the system clock. */
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface CachedToken {
  readonly accessToken: string;
  /** When a new token is fetched ahead of expiry (ms since the epoch). */
  readonly refreshAt: number;
  readonly expiresAt: number;
}

interface Current {
  readonly token: CachedToken;
  /** Fetched during this call, so a 401 with it is not a stale-cache problem. */
  readonly fetched: boolean;
}

/** Lifetime assumed when the token endpoint does not say (`expires_in` is only RECOMMENDED). */
const DEFAULT_LIFETIME_MS = 60_000;
const REFRESH_MARGIN_MS = 30_000;

/**
 * This service's tokens by the OAuth 2.0 client credentials grant (RFC 6749 section 4.4), through
 * oauth4webapi, with `client_secret_basic` authentication. A token is cached and replaced ahead of expiry,
 * at 80% of its lifetime or 30 s before it ends, whichever comes first, but never before half of it has
 * passed (so very short lifetimes still reuse tokens); one request serves every concurrent caller.
 * When a refresh fails while the cached token is still valid, that token is used and the next call tries
 * again. A failed request throws an Error naming the endpoint, the client and the endpoint's answer; the
 * secret and the tokens are never logged nor part of an error.
 */
export class ClientCredentialsTokenProvider implements ServiceTokens {
  private cached?: CachedToken;
  private pending?: Promise<CachedToken>;
  private readonly clock: Clock;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async authorization(): Promise<string> {
    return `Bearer ${(await this.current()).token.accessToken}`;
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const first = await this.current();
    const response = await tracedFetch(input, withBearer(init, first.token.accessToken));
    if (response.status !== 401 || first.fetched) return response;
    // The receiver refused a cached token (revoked, or its issuer rotated keys): one more try with a new one.
    await response.body?.cancel();
    this.invalidate(first.token);
    const second = await this.current();
    return tracedFetch(input, withBearer(init, second.token.accessToken));
  }

  private async current(): Promise<Current> {
    const cached = this.cached;
    const now = this.clock.now().getTime();
    if (cached && now < cached.refreshAt) return { token: cached, fetched: false };
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    try {
      return { token: await this.pending, fetched: true };
    } catch (error) {
      if (cached && this.cached === cached && now < cached.expiresAt)
        return { token: cached, fetched: false };
      throw error;
    }
  }

  private invalidate(token: CachedToken): void {
    if (this.cached === token) this.cached = undefined;
  }

  private async request(): Promise<CachedToken> {
    const { clientId, clientSecret, scope, timeoutMs = 5000 } = this.options;
    const requestedAt = this.clock.now().getTime();
    let endpoint: URL | undefined;
    try {
      endpoint = new URL(
        typeof this.options.tokenUrl === 'function' ? this.options.tokenUrl() : this.options.tokenUrl,
      );
      // Only the token endpoint is used, so the issuer identifier plays no part; the origin stands in.
      const server: oauth.AuthorizationServer = { issuer: endpoint.origin, token_endpoint: endpoint.href };
      const client: oauth.Client = { client_id: clientId };
      const response = await oauth.clientCredentialsGrantRequest(
        server,
        client,
        oauth.ClientSecretBasic(clientSecret),
        scope ? { scope } : {},
        {
          signal: () => AbortSignal.timeout(timeoutMs),
          // An in-cluster issuer or the embedded dev issuer may be plain HTTP; the operator chose the URL.
          [oauth.allowInsecureRequests]: endpoint.protocol === 'http:',
        },
      );
      const result = await oauth.processClientCredentialsResponse(server, client, response);
      const lifetime = result.expires_in !== undefined ? result.expires_in * 1000 : DEFAULT_LIFETIME_MS;
      const token: CachedToken = {
        accessToken: result.access_token,
        refreshAt: requestedAt + refreshDelay(lifetime),
        expiresAt: requestedAt + lifetime,
      };
      this.cached = token;
      this.options.logger?.debug(
        { clientId, expiresInSeconds: lifetime / 1000 },
        'service token fetched by client credentials',
      );
      return token;
    } catch (error) {
      const reason = await reasonOf(error, timeoutMs);
      const where = endpoint?.href ?? 'its token endpoint';
      this.options.logger?.warn({ tokenEndpoint: where, clientId, reason }, 'service token request failed');
      // eslint-disable-next-line preserve-caught-error -- the cause can hold the token response; the reason says what matters
      throw new Error(`cannot get a service token for client ${clientId} from ${where}: ${reason}`);
    }
  }
}

/** Ahead of expiry: the earlier of 80% of the lifetime and 30 s before the end, but not before half of it. */
function refreshDelay(lifetimeMs: number): number {
  return Math.max(lifetimeMs / 2, Math.min(lifetimeMs * 0.8, lifetimeMs - REFRESH_MARGIN_MS));
}

function withBearer(init: RequestInit, accessToken: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${accessToken}`);
  return { ...init, headers };
}

/** What the token endpoint answered or why it could not be reached, without any credential in it. */
async function reasonOf(error: unknown, timeoutMs: number): Promise<string> {
  if (error instanceof oauth.ResponseBodyError) {
    return oauthReason(error.status, error.error, error.error_description);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const body = (await error.response.json().catch(() => ({}))) as Record<string, unknown>;
    return typeof body['error'] === 'string'
      ? oauthReason(error.status, body['error'], body['error_description'])
      : `HTTP ${error.status} with a ${error.cause[0]?.scheme ?? 'WWW-Authenticate'} challenge`;
  }
  // A DOMException, which is not always an Error instance (other realms, older runtimes).
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (error instanceof oauth.OperationProcessingError) {
    return error.cause instanceof Response
      ? `HTTP ${error.cause.status}, not a token response`
      : `invalid token response: ${error.message}`;
  }
  // fetch hides the useful part (ECONNREFUSED) in `cause`; errors of fetch may come from another realm.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}

function oauthReason(status: number, code: string, description: unknown): string {
  return `HTTP ${status} ${code}${typeof description === 'string' ? ` (${description})` : ''}`;
}

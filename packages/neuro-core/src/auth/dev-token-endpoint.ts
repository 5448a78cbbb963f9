import express, { type Request, type Response, Router } from 'express';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import type { DevTokenRequest } from './dev-issuer';

/** How the dev issuer's token endpoint issues service tokens. */
export interface DevTokenEndpointOptions {
  /** Lifetime of an issued token. Default 300 s, Keycloak's default access token lifespan. */
  readonly serviceTokenLifetimeSeconds?: number;
  /** The time tokens are issued at (tests move it). Default the system clock. */
  readonly clock?: Clock;
}

/** What the endpoint needs of the issuer behind it. */
export interface DevTokenEndpointIssuer {
  /** Whether `secret` is the client secret of `clientId`. */
  isClientSecret(clientId: string, secret: string): boolean;
  mint(request: DevTokenRequest): Promise<string>;
}

/** The path of the token endpoint, as the openid-configuration advertises it. */
export const DEV_TOKEN_PATH = '/oauth/token';

/** An RFC 6749 error response (section 5.2). */
class OAuthError {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type',
    readonly description: string,
  ) {}
}

interface ClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/**
 * `POST /oauth/token` of the dev issuer: the OAuth 2.0 client credentials grant (RFC 6749 section 4.4)
 * with `client_secret_basic` or `client_secret_post` authentication. It answers a service token
 * (`sub` = `service-account-<client>`, `azp` and `client_id` = the client, the `service` role) or an
 * RFC 6749 error `{error, error_description}`, 400 or 401 for a failed client authentication. Tokens are
 * never cached by intermediaries (`Cache-Control: no-store`).
 */
export function createDevTokenEndpoint(
  issuer: DevTokenEndpointIssuer,
  options: DevTokenEndpointOptions = {},
): Router {
  const router = Router();
  const lifetime = options.serviceTokenLifetimeSeconds ?? 300;
  const clock = options.clock ?? systemClock;
  router.post(
    DEV_TOKEN_PATH,
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req: Request, res: Response) => {
      res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
      try {
        const form = formOf(req);
        const grantType = single(form, 'grant_type');
        if (grantType === undefined) {
          throw new OAuthError(400, 'invalid_request', 'grant_type is required');
        }
        if (grantType !== 'client_credentials') {
          throw new OAuthError(
            400,
            'unsupported_grant_type',
            `grant_type ${grantType} is not supported; use client_credentials`,
          );
        }
        const client = authenticate(req, form, issuer);
        const accessToken = await issuer.mint({
          sub: `service-account-${client.id}`,
          roles: ['service'],
          expiresIn: lifetime,
          issuedAt: clock.now(),
          claims: { azp: client.id, client_id: client.id },
        });
        res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: lifetime });
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        if (error.status === 401) res.set('www-authenticate', 'Basic realm="lcm-dev-issuer"');
        res.status(error.status).json({ error: error.error, error_description: error.description });
      }
    },
  );
  return router;
}

type Form = Record<string, string | string[] | undefined>;

function formOf(req: Request): Form {
  if (!req.is('application/x-www-form-urlencoded') || typeof req.body !== 'object' || !req.body) {
    throw new OAuthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  return req.body as Form;
}

/** A parameter's value; RFC 6749 section 3.2 forbids sending one twice. */
function single(form: Form, name: string): string | undefined {
  const value = form[name];
  if (Array.isArray(value)) throw new OAuthError(400, 'invalid_request', `${name} is repeated`);
  return value === '' ? undefined : value;
}

/** The client, authenticated by exactly one of `client_secret_basic` and `client_secret_post`. */
function authenticate(req: Request, form: Form, issuer: DevTokenEndpointIssuer): ClientCredentials {
  const header = req.get('authorization');
  const posted = single(form, 'client_secret');
  if (header !== undefined && posted !== undefined) {
    throw new OAuthError(400, 'invalid_request', 'use one client authentication method, not two');
  }
  const client = header !== undefined ? fromBasic(header, single(form, 'client_id')) : fromPost(form);
  if (!issuer.isClientSecret(client.id, client.secret)) {
    throw new OAuthError(401, 'invalid_client', 'client authentication failed');
  }
  return client;
}

function fromBasic(header: string, bodyClientId: string | undefined): ClientCredentials {
  const [scheme, encoded, ...rest] = header.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'basic' || !encoded || rest.length > 0) {
    throw new OAuthError(401, 'invalid_client', "client authentication must use 'Basic <credentials>'");
  }
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new OAuthError(401, 'invalid_client', 'the Basic credentials are malformed');
  // RFC 6749 section 2.3.1: id and secret are form-encoded before they are joined.
  const id = formDecode(decoded.slice(0, colon));
  if (bodyClientId !== undefined && bodyClientId !== id) {
    throw new OAuthError(400, 'invalid_request', 'client_id differs from the authenticated client');
  }
  return { id, secret: formDecode(decoded.slice(colon + 1)) };
}

function fromPost(form: Form): ClientCredentials {
  const id = single(form, 'client_id');
  const secret = single(form, 'client_secret');
  if (id === undefined || secret === undefined) {
    throw new OAuthError(
      401,
      'invalid_client',
      'client authentication is required (client_secret_basic or client_secret_post)',
    );
  }
  return { id, secret };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError(401, 'invalid_client', 'the Basic credentials are malformed');
  }
}

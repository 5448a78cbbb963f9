import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Router } from 'express';
import {
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import { createDevLoginEndpoint } from './dev-login-endpoint';
import { DEV_TOKEN_PATH, type DevTokenEndpointOptions, createDevTokenEndpoint } from './dev-token-endpoint';
import { JwtAuthenticator } from './jwt-authenticator';

/** Who the dev issuer says it is and how it signs. */
export interface DevIssuerOptions {
  /** `iss` of minted tokens. Default `urn:lcm:dev-issuer`. */
  readonly issuer?: string;
  /** `aud` of minted tokens. Default `lcm`. */
  readonly audience?: string;
  readonly algorithm?: 'ES256' | 'RS256';
  /** Dotted path the roles are written to. Default `realm_access.roles`, like Keycloak. */
  readonly rolesClaim?: string;
  /**
   * OAuth clients given a generated secret in a new key file. Default the three LCM services. Any other
   * client id (and every client of a key file older than client secrets) has a secret derived from the
   * signing key, so all processes sharing the file agree on it.
   */
  readonly clients?: readonly string[];
}

/** What a minted token says. */
export interface DevTokenRequest {
  readonly sub: string;
  readonly roles?: readonly string[];
  /** Seconds from now (negative for an already expired token) or a jose time span like `'2h'`. Default `'1h'`. */
  readonly expiresIn?: number | string;
  /** Extra claims, e.g. `email`. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** `iat`, from which `expiresIn` counts. Default now. */
  readonly issuedAt?: Date;
}

/** How the issuer signs, as its key file records it. */
type DevIssuerSettings = Required<Omit<DevIssuerOptions, 'clients'>>;

/** The key file: everything another process needs to mint tokens the running services accept. */
interface DevIssuerFile extends DevIssuerSettings {
  readonly privateKey: JWK;
  /** Client id to client secret; absent in key files written before the token endpoint existed. */
  readonly clients?: Readonly<Record<string, string>>;
}

/** The services of LCM, each an OAuth client of the dev issuer under its own name. */
const LCM_CLIENTS = ['worker-manager', 'lab-manager', 'session-manager'];

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/**
 * A stand-in OIDC issuer for embedded mode and tests, so services verify real signed JWTs without a
 * Keycloak. It holds one key pair, mints tokens, serves its JWKS and an OAuth 2.0 token endpoint where
 * services get their own tokens by client credentials, as they do from a real issuer. The key file
 * written by `save` (and shared through `loadOrCreate`) lets the services and the `npm run token` CLI,
 * separate processes, agree on one key and on the client secrets. Never use it in production: whoever
 * reads the file can mint any role.
 */
export class DevIssuer {
  private constructor(
    private readonly settings: DevIssuerSettings,
    private readonly privateJwk: JWK,
    private readonly signingKey: CryptoKey,
    private readonly clients: Readonly<Record<string, string>>,
  ) {}

  /** A new issuer with a freshly generated key pair. */
  static async create(options: DevIssuerOptions = {}): Promise<DevIssuer> {
    const algorithm = options.algorithm ?? 'ES256';
    const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    return DevIssuer.fromFile({
      issuer: options.issuer ?? 'urn:lcm:dev-issuer',
      audience: options.audience ?? 'lcm',
      algorithm,
      rolesClaim: options.rolesClaim ?? JwtAuthenticator.defaultRolesClaim,
      privateKey: { ...jwk, kid, alg: algorithm, use: 'sig' },
      clients: Object.fromEntries(
        (options.clients ?? LCM_CLIENTS).map((client) => [client, randomBytes(32).toString('base64url')]),
      ),
    });
  }

  /** The issuer whose key file `save` wrote at `path`. */
  static async load(path: string): Promise<DevIssuer> {
    return DevIssuer.fromFile(JSON.parse(await readFile(path, 'utf8')) as DevIssuerFile);
  }

  /**
   * The issuer of the key file at `path`, creating the file first if there is none. Several services
   * starting at once end up with the same key: only one file creation can win.
   */
  static async loadOrCreate(path: string, options: DevIssuerOptions = {}): Promise<DevIssuer> {
    try {
      return await DevIssuer.load(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const issuer = await DevIssuer.create(options);
    try {
      await issuer.save(path);
      return issuer;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return DevIssuer.load(path);
    }
  }

  private static async fromFile(file: DevIssuerFile): Promise<DevIssuer> {
    const { privateKey, clients = {}, ...settings } = file;
    return new DevIssuer(
      settings,
      privateKey,
      (await importJWK(privateKey, settings.algorithm)) as CryptoKey,
      clients,
    );
  }

  get issuer(): string {
    return this.settings.issuer;
  }

  get audience(): string {
    return this.settings.audience;
  }

  /**
   * Writes the key file (owner-readable only). It never replaces an existing file, whose key running
   * services may already trust: the file appears complete or not at all, and EEXIST says it was there.
   */
  async save(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    const file: DevIssuerFile = { ...this.settings, privateKey: this.privateJwk, clients: this.clients };
    await writeFile(temporary, JSON.stringify(file, null, 2), { mode: 0o600 });
    try {
      await link(temporary, path);
    } finally {
      await unlink(temporary);
    }
  }

  /** The public key set verifiers use. */
  jwks(): JSONWebKeySet {
    const publicJwk = Object.fromEntries(
      Object.entries(this.privateJwk).filter(([member]) => !PRIVATE_MEMBERS.includes(member)),
    );
    return { keys: [publicJwk] };
  }

  /** The client secret of an OAuth client of this issuer: from the key file, else derived from the key. */
  clientSecret(clientId: string): string {
    if (Object.hasOwn(this.clients, clientId)) return this.clients[clientId] as string;
    return createHmac('sha256', this.privateJwk.d as string)
      .update(`lcm-dev-issuer client secret\0${clientId}`)
      .digest('base64url');
  }

  /** Whether `secret` is the client secret of `clientId`, compared in constant time. */
  isClientSecret(clientId: string, secret: string): boolean {
    const digest = (value: string) => createHash('sha256').update(value).digest();
    return timingSafeEqual(digest(this.clientSecret(clientId)), digest(secret));
  }

  /** A signed token for `sub` with `roles` at the roles claim. */
  async mint(request: DevTokenRequest): Promise<string> {
    const now = Math.floor((request.issuedAt?.getTime() ?? Date.now()) / 1000);
    const { expiresIn = '1h' } = request;
    const rolesClaim = this.settings.rolesClaim
      .split('.')
      .reduceRight<unknown>((inner, key) => ({ [key]: inner }), [...(request.roles ?? [])]) as Record<
      string,
      unknown
    >;
    return new SignJWT({ ...request.claims, ...rolesClaim })
      .setProtectedHeader({ alg: this.settings.algorithm, kid: this.privateJwk.kid, typ: 'JWT' })
      .setSubject(request.sub)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(now)
      .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
      .sign(this.signingKey);
  }

  /** An authenticator that accepts exactly this issuer's tokens, verified in process. */
  authenticator(): JwtAuthenticator {
    return new JwtAuthenticator({
      jwks: this.jwks(),
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      rolesClaim: this.settings.rolesClaim,
    });
  }

  /**
   * Serves `/.well-known/jwks.json`, the token endpoint `POST /oauth/token` (client credentials), a
   * minimal `/.well-known/openid-configuration` pointing at both, and the console's role picker
   * `POST /oauth/dev-login`.
   */
  router(options: DevTokenEndpointOptions = {}): Router {
    const router = Router();
    router.get('/.well-known/jwks.json', (_req, res) => {
      res.json(this.jwks());
    });
    router.get('/.well-known/openid-configuration', (req, res) => {
      const origin = `${req.protocol}://${req.get('host')}`;
      res.json({
        issuer: this.settings.issuer,
        jwks_uri: `${origin}/.well-known/jwks.json`,
        token_endpoint: `${origin}${DEV_TOKEN_PATH}`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        id_token_signing_alg_values_supported: [this.settings.algorithm],
      });
    });
    router.use(createDevTokenEndpoint(this, options));
    router.use(createDevLoginEndpoint(this));
    return router;
  }
}

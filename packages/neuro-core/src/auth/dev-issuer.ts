import { randomUUID } from 'node:crypto';
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
}

/** What a minted token says. */
export interface DevTokenRequest {
  readonly sub: string;
  readonly roles?: readonly string[];
  /** Seconds from now (negative for an already expired token) or a jose time span like `'2h'`. Default `'1h'`. */
  readonly expiresIn?: number | string;
  /** Extra claims, e.g. `email`. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** The key file: everything another process needs to mint tokens the running services accept. */
interface DevIssuerFile extends Required<DevIssuerOptions> {
  readonly privateKey: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

/**
 * A stand-in OIDC issuer for embedded mode and tests, so services verify real signed JWTs without a
 * Keycloak. It holds one key pair, mints tokens, and serves its JWKS. The key file written by `save`
 * (and shared through `loadOrCreate`) lets the services and the `npm run token` CLI, separate processes,
 * agree on one key. Never use it in production: whoever reads the file can mint any role.
 */
export class DevIssuer {
  private constructor(
    private readonly settings: Required<DevIssuerOptions>,
    private readonly privateJwk: JWK,
    private readonly signingKey: CryptoKey,
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
    const { privateKey, ...settings } = file;
    return new DevIssuer(
      settings,
      privateKey,
      (await importJWK(privateKey, settings.algorithm)) as CryptoKey,
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
    const file: DevIssuerFile = { ...this.settings, privateKey: this.privateJwk };
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

  /** A signed token for `sub` with `roles` at the roles claim. */
  async mint(request: DevTokenRequest): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
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

  /** Serves `/.well-known/jwks.json` and a minimal `/.well-known/openid-configuration` pointing at it. */
  router(): Router {
    const router = Router();
    router.get('/.well-known/jwks.json', (_req, res) => {
      res.json(this.jwks());
    });
    router.get('/.well-known/openid-configuration', (req, res) => {
      res.json({
        issuer: this.settings.issuer,
        jwks_uri: `${req.protocol}://${req.get('host')}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: [this.settings.algorithm],
      });
    });
    return router;
  }
}

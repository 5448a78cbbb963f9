import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevIssuer } from '../auth/dev-issuer';

interface IssuerFile {
  issuer: string;
  audience: string;
  algorithm: 'ES256' | 'RS256';
  rolesClaim: string;
  privateKey: Record<string, unknown> & { kid?: string };
}

/**
 * Mints the dev issuer's tokens synchronously, so tests can write `.set('authorization', svc.token('admin'))`
 * inline. Same header, claims and key as `DevIssuer.mint`.
 */
export class DevTokenSigner {
  private constructor(private readonly file: IssuerFile) {}

  /** Reads the issuer's key through its own `save`, the one supported way to export it. */
  static async of(issuer: DevIssuer): Promise<DevTokenSigner> {
    const path = join(tmpdir(), `lcm-dev-issuer-${randomUUID()}.json`);
    await issuer.save(path);
    try {
      return new DevTokenSigner(JSON.parse(readFileSync(path, 'utf8')) as IssuerFile);
    } finally {
      rmSync(path, { force: true });
    }
  }

  /**
   * A `Bearer …` header value for a subject with these roles, valid for an hour. `claims` are added last,
   * so a test can also replace a standard one (another `aud`, a past `exp`).
   */
  bearer(roles: string | readonly string[], sub = 'user-1', claims: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const roleList = typeof roles === 'string' ? [roles] : [...roles];
    const rolesClaim = this.file.rolesClaim
      .split('.')
      .reduceRight<unknown>((inner, key) => ({ [key]: inner }), roleList) as Record<string, unknown>;
    const header = { alg: this.file.algorithm, kid: this.file.privateKey.kid, typ: 'JWT' };
    const payload = {
      ...rolesClaim,
      sub,
      iss: this.file.issuer,
      aud: this.file.audience,
      iat: now,
      exp: now + 3600,
      ...claims,
    };
    const input = `${base64url(header)}.${base64url(payload)}`;
    const key = createPrivateKey({ key: this.file.privateKey as never, format: 'jwk' });
    const signature =
      this.file.algorithm === 'ES256'
        ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
        : sign('sha256', Buffer.from(input), key);
    return `Bearer ${input}.${signature.toString('base64url')}`;
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

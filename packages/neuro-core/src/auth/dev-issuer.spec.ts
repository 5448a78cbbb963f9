import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { DevIssuer } from './dev-issuer';

describe('DevIssuer', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dev-issuer-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('mints ES256 tokens with sub, Keycloak-style roles, issuer, audience and a one-hour expiry', async () => {
    const issuer = await DevIssuer.create();

    const token = await issuer.mint({ sub: 'alice', roles: ['admin'] });

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: issuer.jwks().keys[0].kid });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'alice',
      realm_access: { roles: ['admin'] },
      iss: 'urn:lcm:dev-issuer',
      aud: 'lcm',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('signs RS256 on request and publishes only the public key', async () => {
    const issuer = await DevIssuer.create({ algorithm: 'RS256' });

    const [key] = issuer.jwks().keys;

    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(['d', 'p', 'q', 'dp', 'dq', 'qi'].filter((member) => member in key)).toEqual([]);
    expect(
      await issuer.authenticator().authenticate(`Bearer ${await issuer.mint({ sub: 'a' })}`),
    ).toMatchObject({
      ok: true,
    });
  });

  it('lets another process mint tokens the running services accept, through the key file', async () => {
    const path = join(directory, 'nested', 'dev-issuer.json');
    const service = await DevIssuer.loadOrCreate(path, { audience: 'lcm-dev' });

    const cli = await DevIssuer.load(path);
    const token = await cli.mint({ sub: 'operator', roles: ['manager'], expiresIn: '5m' });

    expect(await service.authenticator().authenticate(`Bearer ${token}`)).toMatchObject({
      ok: true,
      value: { sub: 'operator', roles: ['manager'] },
    });
    expect(cli.audience).toBe('lcm-dev');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('gives services starting together one shared key, and never replaces an existing file', async () => {
    const path = join(directory, 'dev-issuer.json');

    const issuers = await Promise.all([1, 2, 3, 4].map(() => DevIssuer.loadOrCreate(path)));
    const before = await readFile(path, 'utf8');

    expect(new Set(issuers.map((issuer) => issuer.jwks().keys[0].kid)).size).toBe(1);
    await expect((await DevIssuer.create()).save(path)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('reports a key file it cannot read instead of silently making a new key', async () => {
    const path = join(directory, 'dev-issuer.json');
    await (await DevIssuer.create()).save(path);
    await rm(path);
    await expect(DevIssuer.loadOrCreate(directory)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('serves its JWKS and an openid-configuration pointing at it and at its token endpoint', async () => {
    const issuer = await DevIssuer.create({ issuer: 'http://localhost:8081' });
    const app = express().use(issuer.router());

    await request(app).get('/.well-known/jwks.json').expect(200, issuer.jwks());
    const discovery = await request(app)
      .get('/.well-known/openid-configuration')
      .set('host', 'localhost:8081');
    expect(discovery.body).toEqual({
      issuer: 'http://localhost:8081',
      jwks_uri: 'http://localhost:8081/.well-known/jwks.json',
      token_endpoint: 'http://localhost:8081/oauth/token',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });

  it('writes a generated client secret for each LCM service into a new key file', async () => {
    const path = join(directory, 'dev-issuer.json');
    const issuer = await DevIssuer.loadOrCreate(path);

    const file = JSON.parse(await readFile(path, 'utf8')) as { clients: Record<string, string> };

    expect(Object.keys(file.clients)).toEqual(['worker-manager', 'lab-manager', 'session-manager']);
    expect(new Set(Object.values(file.clients)).size).toBe(3);
    for (const [client, secret] of Object.entries(file.clients)) {
      expect(secret).toMatch(/^[\w-]{43}$/);
      expect(issuer.clientSecret(client)).toBe(secret);
      expect((await DevIssuer.load(path)).isClientSecret(client, secret)).toBe(true);
    }
    expect(issuer.isClientSecret('lab-manager', file.clients['worker-manager'] as string)).toBe(false);
  });

  it('keeps loading a key file written before client secrets, deriving the same secret in every process', async () => {
    const path = join(directory, 'dev-issuer.json');
    await (await DevIssuer.create()).save(path);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    delete file['clients'];
    await writeFile(path, JSON.stringify(file));

    const [one, other] = await Promise.all([DevIssuer.load(path), DevIssuer.load(path)]);

    expect(one.clientSecret('lab-manager')).toMatch(/^[\w-]{43}$/);
    expect(other.clientSecret('lab-manager')).toBe(one.clientSecret('lab-manager'));
    expect(one.clientSecret('worker-manager')).not.toBe(one.clientSecret('lab-manager'));
    expect(one.isClientSecret('lab-manager', one.clientSecret('lab-manager'))).toBe(true);
    expect(await one.authenticator().authenticate(`Bearer ${await other.mint({ sub: 'a' })}`)).toMatchObject({
      ok: true,
    });
    // Another key gives other secrets: whoever lacks this key file cannot guess them.
    expect((await DevIssuer.create()).clientSecret('nobody-listed')).not.toBe(
      one.clientSecret('nobody-listed'),
    );
  });
});

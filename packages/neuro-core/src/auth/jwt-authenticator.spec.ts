import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ManualClock } from '../core/clock';
import { DevIssuer } from './dev-issuer';
import { JwtAuthenticator } from './jwt-authenticator';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('JwtAuthenticator', () => {
  let issuer: DevIssuer;

  beforeAll(async () => {
    issuer = await DevIssuer.create({ issuer: 'https://login.example/realms/lcm', audience: 'lcm-api' });
  });

  it('accepts a valid token and reads sub, roles (Keycloak realm_access.roles) and claims', async () => {
    const token = await issuer.mint({
      sub: 'alice',
      roles: ['admin', 'user'],
      claims: { email: 'a@example.org' },
    });

    const result = await issuer.authenticator().authenticate(`Bearer ${token}`);

    expect(result.ok && result.value).toMatchObject({
      sub: 'alice',
      roles: ['admin', 'user'],
      claims: { email: 'a@example.org', iss: 'https://login.example/realms/lcm' },
    });
  });

  it('reads roles from a configured dotted claim path, accepting a single string, and none when absent', async () => {
    const custom = await DevIssuer.create({ rolesClaim: 'lcm.permissions.roles' });
    const nested = await custom.mint({ sub: 'svc', roles: ['service'] });
    await expect(custom.authenticator().authenticate(`Bearer ${nested}`)).resolves.toMatchObject({
      value: { roles: ['service'] },
    });

    const single = await issuer.mint({ sub: 'svc', claims: { role: 'service' } });
    const readingRole = new JwtAuthenticator({ jwks: issuer.jwks(), rolesClaim: 'role' });
    const readingNothing = new JwtAuthenticator({ jwks: issuer.jwks(), rolesClaim: 'lcm.roles' });
    await expect(readingRole.authenticate(`Bearer ${single}`)).resolves.toMatchObject({
      value: { roles: ['service'] },
    });
    await expect(readingNothing.authenticate(`Bearer ${single}`)).resolves.toMatchObject({
      value: { roles: [] },
    });
  });

  it.each([
    [undefined, 'a bearer token is required'],
    ['Basic dXNlcjpwYXNz', "the Authorization header must be 'Bearer <token>'"],
    ['Bearer', "the Authorization header must be 'Bearer <token>'"],
    ['Bearer not.a.jwt', 'the bearer token is not valid'],
  ])('refuses the header %p with 401: %s', async (header, detail) => {
    const result = await issuer.authenticator().authenticate(header);
    expect(result).toMatchObject({ ok: false, status: 401, problem: { detail } });
  });

  it('refuses a token signed by another key, an expired one, and one for another audience', async () => {
    const authenticator = issuer.authenticator();
    const forged = await (
      await DevIssuer.create({ issuer: issuer.issuer, audience: issuer.audience })
    ).mint({ sub: 'm' });
    const expired = await issuer.mint({ sub: 'alice', expiresIn: -3600 });
    const wrongAudience = new JwtAuthenticator({ jwks: issuer.jwks(), audience: 'billing' });

    expect(await authenticator.authenticate(`Bearer ${forged}`)).toMatchObject({
      status: 401,
      problem: { detail: 'the bearer token is not valid' },
    });
    expect(await authenticator.authenticate(`Bearer ${expired}`)).toMatchObject({
      status: 401,
      problem: { detail: 'the bearer token has expired' },
    });
    expect(await wrongAudience.authenticate(`Bearer ${await issuer.mint({ sub: 'a' })}`)).toMatchObject({
      status: 401,
      problem: { detail: 'the bearer token\'s "aud" claim is not accepted: check_failed' },
    });
  });

  it('accepts a token sent again without weakening expiry: refused once past exp and the clock tolerance', async () => {
    const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    const authenticator = new JwtAuthenticator({ jwks: issuer.jwks(), issuer: issuer.issuer, clock });
    const token = await issuer.mint({
      sub: 'svc',
      roles: ['service'],
      issuedAt: clock.now(),
      expiresIn: 120,
    });

    const first = await authenticator.authenticate(`Bearer ${token}`);
    const again = await authenticator.authenticate(`Bearer ${token}`);
    clock.advance(119_000);
    const beforeExp = await authenticator.authenticate(`Bearer ${token}`);
    clock.advance(1_000 + 29_000);
    const withinTolerance = await authenticator.authenticate(`Bearer ${token}`);
    clock.advance(2_000);
    const expired = await authenticator.authenticate(`Bearer ${token}`);

    expect(first).toMatchObject({ ok: true, value: { sub: 'svc', roles: ['service'] } });
    expect(again).toEqual(first);
    expect(beforeExp).toEqual(first);
    expect(withinTolerance).toMatchObject({ ok: true, value: { sub: 'svc' } });
    expect(expired).toMatchObject({ status: 401, problem: { detail: 'the bearer token has expired' } });
  });

  it('hands out a user no request can change for the next one with the same token', async () => {
    const authenticator = issuer.authenticator();
    const header = `Bearer ${await issuer.mint({ sub: 'alice', roles: ['user'] })}`;
    const first = await authenticator.authenticate(header);

    expect(() => (first.ok ? (first.value.roles as string[]).push('admin') : undefined)).toThrow(TypeError);
    expect(await authenticator.authenticate(header)).toMatchObject({ value: { roles: ['user'] } });
  });

  it('fetches the keys from a JWKS URL, as against Keycloak', async () => {
    const app = express().use(issuer.router());
    const { server, url } = await listen(app);
    try {
      const remote = new JwtAuthenticator({ jwks: `${url}/.well-known/jwks.json`, issuer: issuer.issuer });
      const result = await remote.authenticate(
        `Bearer ${await issuer.mint({ sub: 'alice', roles: ['user'] })}`,
      );
      expect(result).toMatchObject({ ok: true, value: { sub: 'alice', roles: ['user'] } });
    } finally {
      server.close();
    }
  });

  it("answers 503, not 401, when the issuer's keys cannot be fetched", async () => {
    const { server, url } = await listen((_req, res) => res.writeHead(500).end());
    try {
      const remote = new JwtAuthenticator({ jwks: new URL('/.well-known/jwks.json', url) });
      const result = await remote.authenticate(`Bearer ${await issuer.mint({ sub: 'alice' })}`);
      expect(result).toMatchObject({ ok: false, status: 503 });
    } finally {
      server.close();
    }
  });
});

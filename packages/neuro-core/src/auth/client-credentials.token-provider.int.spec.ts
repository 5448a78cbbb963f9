import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { ManualClock } from '../core/clock';
import { ClientCredentialsTokenProvider } from './client-credentials.token-provider';
import { DevIssuer } from './dev-issuer';
import { JwtAuthenticator } from './jwt-authenticator';

const START = new Date('2026-03-01T10:00:00Z');

/**
 * A token endpoint (the dev issuer's, on a real port) and a resource server that verifies its tokens at
 * the same manual clock, with switches to make either misbehave.
 */
class Issuer {
  readonly clock = new ManualClock(START);
  readonly tokenRequests: Array<{ authorization?: string; form: Record<string, string> }> = [];
  readonly seenTokens: string[] = [];
  /** Tokens the resource server refuses although valid, as after a revocation. */
  readonly revoked = new Set<string>();
  /** The resource server refuses every token, as when it trusts another issuer. */
  refuseEveryToken = false;
  /** Replaces the token endpoint's answer when set. */
  tokenFailure?: 'error page' | 'hang';
  private server?: Server;
  private issuer!: DevIssuer;

  constructor(private readonly lifetimeSeconds: number) {}

  async start(): Promise<this> {
    this.issuer = await DevIssuer.create({ audience: 'lcm' });
    const verifier = new JwtAuthenticator({
      jwks: this.issuer.jwks(),
      issuer: this.issuer.issuer,
      audience: 'lcm',
      clock: this.clock,
      clockToleranceSeconds: 0,
    });
    const app = express();
    app.post('/oauth/token', express.urlencoded({ extended: false }), (req, res, next) => {
      this.tokenRequests.push({ authorization: req.get('authorization'), form: { ...req.body } });
      if (this.tokenFailure === 'error page')
        return void res.status(502).type('html').send('<h1>Bad gateway</h1>');
      if (this.tokenFailure === 'hang') return;
      next();
    });
    app.use(this.issuer.router({ serviceTokenLifetimeSeconds: this.lifetimeSeconds, clock: this.clock }));
    app.all('/resource', async (req, res) => {
      const authorization = req.get('authorization') ?? '';
      this.seenTokens.push(authorization.replace(/^Bearer /, ''));
      const result = await verifier.authenticate(authorization);
      const refused = this.refuseEveryToken || this.revoked.has(authorization.replace(/^Bearer /, ''));
      if (!result.ok || refused) return void res.status(401).end();
      res.json({ sub: result.value.sub });
    });
    this.server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.server?.once('listening', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  secretOf(client: string): string {
    return this.issuer.clientSecret(client);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A logger whose lines the test reads back. */
function recordingLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, lines };
}

describe('ClientCredentialsTokenProvider', () => {
  const issuers: Issuer[] = [];

  async function setup(lifetimeSeconds = 300, options: { secret?: string; timeoutMs?: number } = {}) {
    const issuer = await new Issuer(lifetimeSeconds).start();
    issuers.push(issuer);
    const { logger, lines } = recordingLogger();
    const provider = new ClientCredentialsTokenProvider({
      tokenUrl: `${issuer.url}/oauth/token`,
      clientId: 'lab-manager',
      clientSecret: options.secret ?? issuer.secretOf('lab-manager'),
      scope: 'lcm',
      timeoutMs: options.timeoutMs,
      clock: issuer.clock,
      logger,
    });
    return { issuer, provider, lines };
  }

  afterAll(async () => {
    for (const issuer of issuers) await issuer.close();
  });

  it('gets a token by client_secret_basic with the scope, and reuses it while it is fresh', async () => {
    const { issuer, provider } = await setup();

    const first = await provider.authorization();
    issuer.clock.advance(60_000);
    const second = await provider.authorization();
    const response = await provider.fetch(`${issuer.url}/resource`);

    expect(second).toBe(first);
    expect(issuer.tokenRequests).toEqual([
      {
        authorization: expect.stringMatching(/^Basic /),
        form: { grant_type: 'client_credentials', scope: 'lcm' },
      },
    ]);
    // RFC 6749 section 2.3.1: id and secret are form-encoded, then joined and base64-encoded.
    const credentials = Buffer.from(
      issuer.tokenRequests[0]?.authorization?.slice(6) ?? '',
      'base64',
    ).toString();
    expect(credentials.split(':').map(decodeURIComponent)).toEqual([
      'lab-manager',
      issuer.secretOf('lab-manager'),
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'service-account-lab-manager' });
    expect(issuer.seenTokens).toEqual([first.replace('Bearer ', '')]);
  });

  it('fetches a new token at 80% of a long lifetime, 30 s before the end of a shorter one, half-way through a short one', async () => {
    for (const [lifetime, refreshAfter] of [
      [300, 240],
      [100, 70],
      [5, 2.5],
    ] as const) {
      const { issuer, provider } = await setup(lifetime);
      const first = await provider.authorization();

      issuer.clock.advance(refreshAfter * 1000 - 1);
      expect(await provider.authorization()).toBe(first);
      expect(issuer.tokenRequests).toHaveLength(1);

      issuer.clock.advance(1);
      const second = await provider.authorization();
      expect(second).not.toBe(first);
      expect(issuer.tokenRequests).toHaveLength(2);
    }
  });

  it('makes one token request for many concurrent callers', async () => {
    const { issuer, provider } = await setup();

    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.authorization()));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => provider.fetch(`${issuer.url}/resource`).then((r) => r.status)),
    );

    expect(new Set(tokens).size).toBe(1);
    expect(answers).toEqual(Array(10).fill(200));
    expect(issuer.tokenRequests).toHaveLength(1);
  });

  it('drops a cached token the receiver refuses with 401, and retries once with a new one', async () => {
    const { issuer, provider } = await setup();
    const cached = (await provider.authorization()).replace('Bearer ', '');
    issuer.revoked.add(cached);

    const response = await provider.fetch(`${issuer.url}/resource`, { method: 'POST', body: 'replayed' });

    expect(response.status).toBe(200);
    expect(issuer.seenTokens).toHaveLength(2);
    expect(issuer.seenTokens[0]).toBe(cached);
    expect(issuer.seenTokens[1]).not.toBe(cached);
    expect(issuer.tokenRequests).toHaveLength(2);
    expect(await provider.authorization()).toBe(`Bearer ${issuer.seenTokens[1]}`);
  });

  it('retries a 401 only once, and not at all when the refused token was fetched for that very call', async () => {
    const { issuer, provider } = await setup();
    await provider.authorization();
    issuer.refuseEveryToken = true;

    const retried = await provider.fetch(`${issuer.url}/resource`);
    expect(retried.status).toBe(401);
    expect(issuer.seenTokens).toHaveLength(2);

    issuer.clock.advance(300_000);
    const fresh = await provider.fetch(`${issuer.url}/resource`);
    expect(fresh.status).toBe(401);
    expect(issuer.seenTokens).toHaveLength(3);
    expect(issuer.tokenRequests).toHaveLength(3);
  });

  it('fails clearly when the token endpoint refuses the client, logging neither the secret nor a token', async () => {
    const { issuer, provider, lines } = await setup(300, { secret: 'wrong-secret' });

    await expect(provider.authorization()).rejects.toThrow(
      `cannot get a service token for client lab-manager from ${issuer.url}/oauth/token: ` +
        'HTTP 401 invalid_client (client authentication failed)',
    );
    const warning = JSON.parse(lines.at(-1) as string);
    expect(warning).toMatchObject({
      level: 40,
      msg: 'service token request failed',
      clientId: 'lab-manager',
      tokenEndpoint: `${issuer.url}/oauth/token`,
    });
    expect(lines.join('\n')).not.toContain('wrong-secret');
  });

  it('names an unreachable, failing or silent token endpoint', async () => {
    const { issuer, provider } = await setup(300, { timeoutMs: 200 });

    issuer.tokenFailure = 'error page';
    await expect(provider.authorization()).rejects.toThrow(/: HTTP 502, not a token response$/);
    issuer.tokenFailure = 'hang';
    await expect(provider.authorization()).rejects.toThrow(/no answer within 200 ms$/);
    const closed = express().listen(0, '127.0.0.1');
    await new Promise((resolve) => closed.once('listening', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new ClientCredentialsTokenProvider({
      tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
      clientId: 'lab-manager',
      clientSecret: 'secret',
    });
    await expect(unreachable.authorization()).rejects.toThrow(/ECONNREFUSED/);
    const notYet = new ClientCredentialsTokenProvider({
      tokenUrl: () => {
        throw new Error('the embedded token endpoint is not listening yet');
      },
      clientId: 'lab-manager',
      clientSecret: 'secret',
    });
    await expect(notYet.authorization()).rejects.toThrow(
      'cannot get a service token for client lab-manager from its token endpoint: the embedded token endpoint is not listening yet',
    );
  });

  it('keeps using a still valid token while its refresh fails, and fails once it has expired', async () => {
    const { issuer, provider, lines } = await setup(100);
    const first = await provider.authorization();
    issuer.tokenFailure = 'error page';

    issuer.clock.advance(80_000);
    expect(await provider.authorization()).toBe(first);
    expect(issuer.tokenRequests).toHaveLength(2);

    issuer.clock.advance(20_000);
    await expect(provider.authorization()).rejects.toThrow(/HTTP 502/);

    issuer.tokenFailure = undefined;
    const renewed = await provider.authorization();
    expect(renewed).not.toBe(first);
    const log = lines.join('\n');
    for (const token of [first, renewed]) expect(log).not.toContain(token.replace('Bearer ', ''));
    expect(log).not.toContain(issuer.secretOf('lab-manager'));
  });
});

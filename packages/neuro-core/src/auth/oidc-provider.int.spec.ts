import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader } from 'jose';
import type { JWK } from 'jose';
import type Provider from 'oidc-provider';
import { ControllerBase } from '../hosting/controller-base';
import type { RouteContext } from '../hosting/route-context';
import { post, roles } from '../hosting/route.decorators';
import { type CommonSettings, commonSettings } from '../service/common-settings';
import type { ServiceDefinition } from '../service/service-definition';
import { notesService } from '../testing/example/example-services';
import { type TestService, startTestService } from '../testing/start-test-service';
import { ClientCredentialsTokenProvider } from './client-credentials.token-provider';
import { JwtAuthenticator } from './jwt-authenticator';
import { SERVICE_TOKENS, type ServiceTokens } from './service-tokens';
import { eventually } from '../testing/eventually';

// oidc-provider (certified OpenID Provider, ESM-only, transformed by jest) stands in for Keycloak: a realm
// with one confidential client per service (client credentials), a public user-facing client (authorization
// code + PKCE), JWT access tokens for the resource `urn:lcm` (audience `lcm`) with the realm roles in
// `realm_access.roles` and the client in `azp`, and RS256 keys that rotate.

const AUDIENCE = 'lcm';
const REDIRECT_URI = 'http://127.0.0.1/callback';
const SECRETS = { notes: randomUUID(), ledger: randomUUID() };
/** The realm's users and their realm roles. */
const USERS: Record<string, string[]> = { alice: ['writer'], bob: ['reader'] };

function rsaKey(kid: string): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
}

/** The realm on a loopback port. `rotate` restarts it with other signing keys, the first of which signs. */
class Realm {
  /** When each JWKS fetch happened, by any service. */
  readonly jwksFetches: number[] = [];
  private server?: Server;
  private handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  private providerClass?: typeof Provider;

  async start(keys: JWK[]): Promise<void> {
    // oidc-provider announces its development defaults (and Node 20) on the console when loaded.
    const quiet = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      this.providerClass = (await import('oidc-provider')).default;
      this.server = createServer((req, res) => {
        if (req.url === '/jwks') this.jwksFetches.push(Date.now());
        this.handle(req, res);
      });
      await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
      this.rotate(keys);
    } finally {
      quiet.mockRestore();
    }
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  rotate(keys: JWK[]): void {
    const quiet = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const OpenIdProvider = this.providerClass as typeof Provider;
    const provider = new OpenIdProvider(this.issuer, {
      clients: [
        ...Object.entries(SECRETS).map(([client, secret]) => ({
          client_id: client,
          client_secret: secret,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
        })),
        {
          client_id: 'lcm-portal',
          application_type: 'native',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [REDIRECT_URI],
        },
      ],
      features: {
        clientCredentials: { enabled: true },
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => 'urn:lcm',
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'lcm',
            audience: AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 300,
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      jwks: { keys },
      cookies: { keys: [randomUUID()] },
      ttl: {
        AccessToken: 300,
        ClientCredentials: 300,
        IdToken: 300,
        Grant: 600,
        Interaction: 600,
        Session: 600,
      },
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
      // Keycloak puts realm roles in realm_access.roles and the client in azp; service accounts get `service`.
      extraTokenClaims: (_ctx, token) => ({
        azp: token.clientId,
        realm_access: {
          roles: 'accountId' in token && token.accountId ? (USERS[token.accountId] ?? []) : ['service'],
        },
      }),
      formats: {
        customizers: {
          jwt: (_ctx, token, jwt) => {
            if (token.kind === 'ClientCredentials') jwt.payload['sub'] = `service-account-${token.clientId}`;
          },
        },
      },
    });
    this.handle = provider.callback();
    quiet.mockRestore();
  }

  /** A user's access token, through the authorization code flow with PKCE and the provider's login page. */
  async userToken(login: string): Promise<string> {
    const cookies = new Map<string, string>();
    const go = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(url, this.issuer), {
        ...init,
        redirect: 'manual',
        headers: {
          ...(init.headers as object),
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return response;
    };
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URLSearchParams({
      client_id: 'lcm-portal',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: randomUUID(),
      resource: 'urn:lcm',
    });
    let location = (await go(`/auth?${authorize}`)).headers.get('location') ?? '';
    // Sign in, consent, and follow the redirects until the provider sends the browser back with a code.
    for (let step = 0; !location.startsWith(REDIRECT_URI); step++) {
      if (step > 8) throw new Error(`the authorization flow did not end; last at ${location}`);
      if (location.includes('/interaction/')) {
        const page = await (await go(location)).text();
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1] ?? '';
        const form: Record<string, string> =
          prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
        location =
          (
            await go(location, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form),
            })
          ).headers.get('location') ?? '';
      } else {
        location = (await go(location)).headers.get('location') ?? '';
      }
    }
    const code = new URL(location).searchParams.get('code') ?? '';
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'lcm-portal',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no user token: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** What the ledger's service-only route saw: the CloudEvents other services delivered, and who sent them. */
const deliveries: Array<{ type: unknown; sub: string; azp: unknown; roles: readonly string[] }> = [];

class DeliveriesController extends ControllerBase {
  @post('/')
  @roles('service')
  record({ user, req }: RouteContext) {
    deliveries.push({
      type: req.headers['ce-type'],
      sub: user.sub,
      azp: user.claims['azp'],
      roles: user.roles,
    });
    return undefined;
  }
}

/** A service with one route only other services may call. */
const ledgerService: ServiceDefinition = {
  name: 'ledger',
  title: 'Ledger (test)',
  version: '1.0.0',
  settings: commonSettings(0),
  handlers: [],
  controllers: [DeliveriesController],
};

describe('LCM services against a real OpenID Provider (oidc-provider set up like a Keycloak realm)', () => {
  const realm = new Realm();
  const oldKey = rsaKey('realm-key-1');
  const newKey = rsaKey('realm-key-2');
  const services: TestService<CommonSettings>[] = [];
  let notes: TestService<CommonSettings>;
  let ledger: TestService<CommonSettings>;

  const envOf = (client: keyof typeof SECRETS, extra: Record<string, string> = {}) => ({
    AUTH_JWKS_URL: `${realm.issuer}/jwks`,
    AUTH_ISSUER: realm.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_TOKEN_URL: `${realm.issuer}/token`,
    AUTH_CLIENT_ID: client,
    AUTH_CLIENT_SECRET: SECRETS[client],
    EVENT_DELIVERY_BACKOFF_MS: '50',
    ...extra,
  });
  const start = async (definition: ServiceDefinition, env: Record<string, string>) => {
    const service = await startTestService(definition, { env });
    services.push(service);
    return service;
  };
  const createNote = (token: string) =>
    notes.http
      .post('/api/notes')
      .set('authorization', `Bearer ${token}`)
      .send({ id: randomUUID(), title: 'from the realm' });
  /** Unknown key ids make a service refetch the JWKS, at most once per cooldown: start after it. */
  const afterJwksCooldown = async () => {
    const wait = Math.max(...realm.jwksFetches, 0) + JwtAuthenticator.defaultJwksCooldownMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 10));
  };

  beforeAll(async () => {
    await realm.start([oldKey]);
    ledger = await start(ledgerService, envOf('ledger'));
    notes = await start(notesService, envOf('notes', { EVENT_SUBSCRIBERS: `${ledger.url}/api/deliveries` }));
  }, 30_000);

  afterAll(async () => {
    for (const service of services) await service.close();
    await realm.close();
  });

  it('accepts users’ tokens from the authorization code flow with PKCE, by their realm roles', async () => {
    const alice = await realm.userToken('alice');
    const bob = await realm.userToken('bob');

    const created = await createNote(alice);
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe('alice');
    expect((await createNote(bob)).status).toBe(403);
    const read = await notes.http.get(`/api/notes/${created.body.id}`).set('authorization', `Bearer ${bob}`);
    expect(read.status).toBe(200);
  });

  it('delivers events with the sender’s client-credentials token, which the receiving service accepts', async () => {
    const alice = await realm.userToken('alice');
    await createNote(alice).expect(201);

    const delivery = await eventually(() => deliveries[0]);
    expect(delivery).toEqual({
      type: 'io.example.note.created.v1',
      sub: 'service-account-notes',
      azp: 'notes',
      roles: ['service'],
    });
    // A service account has the service role only: the users' routes stay closed to it.
    const tokens = ledger.container.get<ServiceTokens>(SERVICE_TOKENS);
    const asLedger = await tokens.fetch(`${notes.url}/api/notes/${randomUUID()}`);
    expect(asLedger.status).toBe(403);
  });

  it('keeps accepting old-key and new-key tokens across a key rotation, and drops the old key once it is gone', async () => {
    // Both notes created so far have been delivered.
    await eventually(() => (deliveries.length === 2 ? true : undefined));
    const aliceBefore = await realm.userToken('alice');
    const notesBefore = await notes.container.get<ServiceTokens>(SERVICE_TOKENS).authorization();
    await afterJwksCooldown();
    const fetchesBefore = realm.jwksFetches.length;

    realm.rotate([newKey, oldKey]);
    const aliceAfter = await realm.userToken('alice');
    // A service started now (a new pod) gets a token signed with the new key.
    const freshNotes = new ClientCredentialsTokenProvider({
      tokenUrl: `${realm.issuer}/token`,
      clientId: 'notes',
      clientSecret: SECRETS.notes,
    });
    const notesAfter = await freshNotes.authorization();
    expect(decodeProtectedHeader(aliceBefore).kid).toBe('realm-key-1');
    expect(decodeProtectedHeader(aliceAfter).kid).toBe('realm-key-2');
    expect(decodeProtectedHeader(notesAfter.replace('Bearer ', '')).kid).toBe('realm-key-2');

    expect((await createNote(aliceAfter)).status).toBe(201);
    expect((await createNote(aliceBefore)).status).toBe(201);
    const postDelivery = (authorization: string) =>
      ledger.http.post('/api/deliveries').set({ authorization, 'ce-type': 'io.example.manual.v1' }).send({});
    expect((await postDelivery(notesAfter)).status).toBe(200);
    expect((await postDelivery(notesBefore)).status).toBe(200);
    // The running notes service still signs its deliveries with its cached old-key token.
    await eventually(() => (deliveries.length === 6 ? true : undefined));
    expect(deliveries.slice(2).map((delivery) => delivery.sub)).toEqual(
      Array(4).fill('service-account-notes'),
    );
    expect(realm.jwksFetches.length).toBeGreaterThan(fetchesBefore);

    realm.rotate([newKey]);
    const newcomer = await start(notesService, envOf('notes'));
    const read = (token: string) =>
      newcomer.http.get(`/api/notes/${randomUUID()}`).set('authorization', `Bearer ${token}`);
    expect((await read(aliceAfter)).status).toBe(404);
    expect((await read(aliceBefore)).status).toBe(401);
  });
});

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { DevIssuer } from '../auth/dev-issuer';
import { type TestService, startTestService } from '../testing/start-test-service';
import { DevTokenSigner } from '../testing/dev-token-signer';
import { inboxReceipts, inboxService, notesService } from '../testing/example/example-services';
import type { CommonSettings } from './common-settings';
import type { ServiceDefinition } from './service-definition';

/** The issuer of in-cluster ServiceAccount tokens, as Knative's OIDC delivery sends them. */
const CLUSTER_ISSUER = 'https://kubernetes.default.svc';
const EVENTS_AUDIENCE = 'lcm-events';
const TRIGGER = 'system:serviceaccount:lcm:lcm-inbox-oidc-eventing.knative.dev-trigger';
const NOTE_CREATED = 'io.example.note.created.v1';

function note(type = NOTE_CREATED, id = randomUUID()) {
  return { type, source: '/notes', id, data: { title: 'relayed' } };
}

describe('POST /events from a trusted relay (a Knative Broker with OIDC)', () => {
  const started: Array<TestService<CommonSettings>> = [];
  let cluster: DevTokenSigner;
  let jwksServer: Server;
  let jwksUrl: string;

  /**
   * A token as the cluster's TokenRequest API issues it for a Trigger's ServiceAccount: RS256, the
   * subscriber's audience, `system:serviceaccount:…` as subject, and no roles nor OAuth client.
   */
  const relayToken = (sub = TRIGGER, audience = EVENTS_AUDIENCE) =>
    cluster.bearer([], sub, {
      aud: [audience],
      realm_access: undefined,
      'kubernetes.io': {
        namespace: 'lcm',
        serviceaccount: { name: sub.split(':').at(-1), uid: randomUUID() },
      },
    });

  const start = async (definition: ServiceDefinition = inboxService, env: Record<string, string> = {}) => {
    const service = await startTestService(definition, {
      env: {
        AUTH_EVENTS_AUDIENCE: EVENTS_AUDIENCE,
        AUTH_EVENTS_RELAY_JWKS_URL: jwksUrl,
        AUTH_EVENTS_RELAY_ISSUER: CLUSTER_ISSUER,
        EVENT_RELAY_SUBJECTS: `system:serviceaccount:lcm:other-trigger, ${TRIGGER}`,
        ...env,
      },
    });
    started.push(service);
    return service;
  };

  beforeAll(async () => {
    const issuer = await DevIssuer.create({ issuer: CLUSTER_ISSUER, algorithm: 'RS256' });
    cluster = await DevTokenSigner.of(issuer);
    jwksServer = express().use(issuer.router()).listen(0, '127.0.0.1');
    await new Promise((resolve) => jwksServer.once('listening', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    for (const service of started) await service.close();
    jwksServer.closeAllConnections();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('accepts a relay token of a listed subject for any type of the catalog, whoever produced it', async () => {
    const inbox = await start();
    const created = note();

    await inbox.receive(created, { authorization: relayToken() }).expect(202);
    await inbox.receive(note('io.example.note.renamed.v1'), { authorization: relayToken() }).expect(202);

    expect(inboxReceipts.get(created.id)).toEqual({ title: 'relayed', count: 1 });
  });

  it('still refuses from a relay a type outside the catalog', async () => {
    const inbox = await start();

    const refused = await inbox.receive(note('io.example.spam.v1'), { authorization: relayToken() });

    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      'event type io.example.spam.v1 is not in the event catalog; no client may send it',
    );
  });

  it('refuses a valid cluster token of a subject EVENT_RELAY_SUBJECTS does not name (403)', async () => {
    const inbox = await start();
    const event = note();

    const refused = await inbox.receive(event, {
      authorization: relayToken('system:serviceaccount:lcm:some-pod'),
    });

    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe(
      'system:serviceaccount:lcm:some-pod may not relay events: EVENT_RELAY_SUBJECTS does not name it',
    );
    expect(inboxReceipts.has(event.id)).toBe(false);
  });

  it('refuses a relay token for another audience (401), such as one meant for the Broker itself', async () => {
    const inbox = await start();

    const refused = await inbox.receive(note(), {
      authorization: relayToken(TRIGGER, 'eventing.knative.dev/broker/lcm/default'),
    });

    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('the bearer token\'s "aud" claim is not accepted: check_failed');
  });

  it("verifies a token naming the cluster issuer with the cluster's keys only: a forged issuer is a 401", async () => {
    const inbox = await start();
    // Signed by the issuer the service trusts for everything else, but claiming to come from the cluster.
    const forged = inbox.serviceToken('notes', { iss: CLUSTER_ISSUER, sub: TRIGGER, aud: EVENTS_AUDIENCE });

    const refused = await inbox.receive(note(), { authorization: forged });

    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('the bearer token is not valid');
  });

  it('keeps the rules of service tokens from the main issuer beside relays', async () => {
    const inbox = await start();
    const bound = { aud: EVENTS_AUDIENCE };

    const producer = await inbox.receive(note(), { authorization: inbox.serviceToken('notes', bound) });
    const other = await inbox.receive(note(), { authorization: inbox.serviceToken('inbox', bound) });

    expect([producer.status, other.status]).toEqual([202, 403]);
  });

  it('never accepts a relay token on the REST API, whatever roles it claims', async () => {
    const notes = await start(notesService);
    const withRole = cluster.bearer(['reader', 'writer'], TRIGGER, { aud: [EVENTS_AUDIENCE] });

    const read = await notes.http.get(`/api/notes/${randomUUID()}`).set('authorization', relayToken());
    const readWithRole = await notes.http.get(`/api/notes/${randomUUID()}`).set('authorization', withRole);

    expect([read.status, readWithRole.status]).toEqual([401, 401]);
  });

  it('refuses relay tokens (401) when no relays are configured', async () => {
    const inbox = await startTestService(inboxService, { env: { AUTH_EVENTS_AUDIENCE: EVENTS_AUDIENCE } });
    started.push(inbox);

    const refused = await inbox.receive(note(), { authorization: relayToken() });

    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('the bearer token is not valid');
  });

  it('does not start with relays but without AUTH_EVENTS_AUDIENCE, naming the variable', async () => {
    const failure = startTestService(inboxService, {
      env: {
        AUTH_EVENTS_RELAY_JWKS_URL: jwksUrl,
        AUTH_EVENTS_RELAY_ISSUER: CLUSTER_ISSUER,
        EVENT_RELAY_SUBJECTS: TRIGGER,
      },
    });

    await expect(failure).rejects.toThrow(
      'invalid setting AUTH_EVENTS_AUDIENCE: required with AUTH_EVENTS_RELAY_JWKS_URL, ' +
        'AUTH_EVENTS_RELAY_ISSUER, EVENT_RELAY_SUBJECTS (the audience relay tokens are bound to), but not set',
    );
  });
});

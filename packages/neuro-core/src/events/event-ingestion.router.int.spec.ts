import { FrameworkError } from '../core/framework-error';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import express from 'express';
import { Redis } from 'ioredis';
import pino from 'pino';
import request from 'supertest';
import { DevIssuer } from '../auth/dev-issuer';
import { JwtAuthenticator } from '../auth/jwt-authenticator';
import { OperationResult } from '../core/operation-result';
import { integrationEventHandler } from '../mediator/handler-registration';
import type { IntegrationEvent } from '../mediator/integration-event';
import { Mediator } from '../mediator/mediator';
import { Metrics } from '../ops/metrics';
import { type EventIngestionOptions, createEventIngestionRouter } from './event-ingestion.router';
import type { EventProducers } from './event-producers';
import { ProducerAllowList } from './producer-allow-list';

const GREETED = 'io.test.guest.greeted.v1';
const FLAKY = 'io.test.guest.flaky.v1';
const SLOW = 'io.test.guest.slow.v1';
const UNHANDLED = 'io.test.random.thing.v1';
const LEFT = 'io.test.guest.left.v1';
const GRADED = 'io.test.guest.graded.v1';

/** The test's event catalog: the greeter sends the guest events, the doorman sends `left`, a grader outside grades. */
const catalog: EventProducers = {
  producerOf: (type) =>
    new Map([
      [GREETED, 'greeter'],
      [FLAKY, 'greeter'],
      [SLOW, 'greeter'],
      [UNHANDLED, 'greeter'],
      [LEFT, 'doorman'],
      [GRADED, 'grader'],
    ]).get(type),
  services: ['greeter', 'doorman'],
  external: ['grader'],
};
const received: IntegrationEvent[] = [];
let flakyFailures = 0;
/** What a FlakyGuest run throws while `flakyFailures` lasts. */
let flakyError = () => new Error('secret connection string mongodb://admin:hunter2@db');

@integrationEventHandler(GREETED)
class GuestGreeted {
  async handle(event: IntegrationEvent) {
    received.push(event);
  }
}

@integrationEventHandler(FLAKY)
class FlakyGuest {
  async handle(event: IntegrationEvent) {
    if (flakyFailures-- > 0) throw flakyError();
    received.push(event);
  }
}

/** How the next SlowGuest run ends: the test resolves or rejects it while the delivery is in flight. */
let slowOutcome: { promise: Promise<void>; finish: () => void; fail: (error: Error) => void };
function nextSlowOutcome() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  slowOutcome = { promise, finish, fail };
}
let slowStarted = 0;

@integrationEventHandler(SLOW)
class SlowGuest {
  async handle(event: IntegrationEvent) {
    slowStarted++;
    await slowOutcome.promise;
    received.push(event);
  }
}

const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const services: string[] = [];
let issuer: DevIssuer;
/** `Bearer …` of the greeter service, the producer of the guest events. */
let greeter: string;

/** A `Bearer …` from the trusted issuer. */
async function bearer(sub: string, roles: string[], claims: Record<string, unknown> = {}) {
  return `Bearer ${await issuer.mint({ sub, roles, claims })}`;
}

function app(overrides: Partial<EventIngestionOptions> = {}, before?: express.RequestHandler) {
  const service = `test-ingest-${randomUUID().slice(0, 8)}`;
  services.push(service);
  const metrics = new Metrics();
  const mediator = new Mediator((cls) => new cls()).register(GuestGreeted, FlakyGuest, SlowGuest);
  const server = express();
  if (before) server.use(before);
  server.use(
    createEventIngestionRouter({
      service,
      mediator,
      redis,
      metrics,
      authenticator: issuer.authenticator(),
      producers: new ProducerAllowList(catalog),
      ...overrides,
    }),
  );
  const outcomes = async () =>
    Object.fromEntries(
      (await metrics.eventsReceived.get()).values.map((v) => [
        `${v.labels['type']}/${v.labels['outcome']}`,
        v.value,
      ]),
    );
  const raw = request(server);
  // As the greeter delivers; `raw` sends only what a test sets.
  const http = { post: (path: string) => raw.post(path).set('authorization', greeter) };
  const keys = () => redis.keys(`${service}:*`);
  return { http, raw, service, outcomes, keys };
}

function structured(overrides: Record<string, unknown> = {}) {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/test-sender',
    type: GREETED,
    subject: 'guest-1',
    time: '2026-03-01T10:00:00.000Z',
    datacontenttype: 'application/json',
    data: { name: 'ada' },
    ...overrides,
  };
}

function binaryHeaders(id = randomUUID(), type = GREETED) {
  return {
    'ce-specversion': '1.0',
    'ce-id': id,
    'ce-source': '/test-sender',
    'ce-type': type,
    'ce-subject': 'guest-2',
    'ce-time': '2026-03-01T10:00:00.000Z',
    'content-type': 'application/json',
  };
}

beforeAll(async () => {
  issuer = await DevIssuer.create();
  greeter = await bearer('service-account-greeter', ['service'], { azp: 'greeter' });
});

afterAll(async () => {
  for (const service of services) {
    const keys = await redis.keys(`${service}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

describe('createEventIngestionRouter: POST /events', () => {
  beforeEach(() => {
    received.length = 0;
    flakyFailures = 0;
    flakyError = () => new Error('secret connection string mongodb://admin:hunter2@db');
  });

  it('accepts a binary-mode event and hands it to the integration handlers', async () => {
    const { http, outcomes } = app();
    const id = randomUUID();

    const res = await http
      .post('/events')
      .set(binaryHeaders(id))
      .send(JSON.stringify({ name: 'bob' }));

    expect(res.status).toBe(202);
    expect(received).toEqual([
      {
        id,
        source: '/test-sender',
        type: GREETED,
        subject: 'guest-2',
        time: '2026-03-01T10:00:00.000Z',
        data: { name: 'bob' },
      },
    ]);
    expect(await outcomes()).toEqual({ [`${GREETED}/handled`]: 1 });
  });

  it.each([
    ['application/json; charset=utf-8', '{"name":"eve"}', { name: 'eve' }],
    ['application/vnd.guest+json', '[1,2]', [1, 2]],
    ['text/plain', 'hello', 'hello'],
  ])('reads binary-mode data of type %s', async (contentType, body, data) => {
    const { http } = app();

    await http
      .post('/events')
      .set({ ...binaryHeaders(), 'content-type': contentType })
      .send(body)
      .expect(202);

    expect(received.map((event) => event.data)).toEqual([data]);
  });

  it('accepts a structured-mode event', async () => {
    const { http } = app();
    const event = structured();

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents+json; charset=utf-8')
      .send(JSON.stringify(event));

    expect(res.status).toBe(202);
    expect(received).toEqual([
      expect.objectContaining({ id: event.id, subject: 'guest-1', data: { name: 'ada' } }),
    ]);
  });

  it('hands on no time for an event sent without one, in binary and structured mode, instead of the SDK inventing it', async () => {
    const { http } = app();
    const { 'ce-time': _sentTime, ...undatedHeaders } = binaryHeaders();
    const { time: _time, ...undated } = structured();

    await http
      .post('/events')
      .set(undatedHeaders)
      .send(JSON.stringify({ name: 'eve' }))
      .expect(202);
    await http
      .post('/events')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(undated))
      .expect(202);

    expect(received.map((event) => event.time)).toEqual([undefined, undefined]);
  });

  it('accepts a batch and dispatches its events in order', async () => {
    const { http } = app();
    const batch = [structured({ subject: 'a' }), structured({ subject: 'b' }), structured({ subject: 'c' })];

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch));

    expect(res.status).toBe(202);
    expect(received.map((event) => event.subject)).toEqual(['a', 'b', 'c']);
  });

  it('dispatches an event received twice (same source and id) only once, answering 202 both times', async () => {
    const { http, outcomes } = app();
    const id = randomUUID();

    const first = await http.post('/events').set(binaryHeaders(id)).send('{"name":"cy"}');
    const second = await http.post('/events').set(binaryHeaders(id)).send('{"name":"cy"}');

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(received).toHaveLength(1);
    expect(await outcomes()).toEqual({ [`${GREETED}/handled`]: 1, [`${GREETED}/duplicate`]: 1 });
  });

  it('treats the same id from another source as another event', async () => {
    const { http } = app();
    const id = randomUUID();

    await http.post('/events').set(binaryHeaders(id)).send('{}');
    await http
      .post('/events')
      .set({ ...binaryHeaders(id), 'ce-source': '/another-sender' })
      .send('{}');

    expect(received.map((event) => event.source)).toEqual(['/test-sender', '/another-sender']);
  });

  it('remembers an event for the configured time', async () => {
    const { http, service } = app({ dedupeTtlSeconds: 60 });
    const id = randomUUID();

    await http.post('/events').set(binaryHeaders(id)).send('{}');

    const [key] = await redis.keys(`${service}:*`);
    expect(key).toContain(encodeURIComponent(id));
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('answers 500 without internals when a handler fails, and processes the retry', async () => {
    const { http, outcomes } = app();
    flakyFailures = 1;
    const id = randomUUID();

    const failed = await http.post('/events').set(binaryHeaders(id, FLAKY)).send('{}');
    const retried = await http.post('/events').set(binaryHeaders(id, FLAKY)).send('{}');

    expect(failed.status).toBe(500);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.body).toEqual({
      type: 'urn:lcm:problem:internal-error',
      title: 'Internal Server Error',
      status: 500,
      detail: `CloudEvent ${id} could not be processed; retry later`,
    });
    expect(failed.text).not.toContain('hunter2');
    expect(retried.status).toBe(202);
    expect(received.map((event) => event.id)).toEqual([id]);
    expect(await outcomes()).toEqual({ [`${FLAKY}/failed`]: 1, [`${FLAKY}/handled`]: 1 });
  });

  it('answers 503 with Retry-After when a handler finds a service it needs unavailable, and processes the retry', async () => {
    const { http, outcomes } = app();
    flakyFailures = 1;
    flakyError = () => new FrameworkError('unavailable', 'Redis at redis://:hunter2@cache is not ready');
    const id = randomUUID();

    const refused = await http.post('/events').set(binaryHeaders(id, FLAKY)).send('{}');
    const retried = await http.post('/events').set(binaryHeaders(id, FLAKY)).send('{}');

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.body).toMatchObject({
      status: 503,
      detail: `CloudEvent ${id} could not be processed while a service it needs is unavailable; retry later`,
    });
    expect(refused.text).not.toContain('hunter2');
    expect(retried.status).toBe(202);
    expect(received.map((event) => event.id)).toEqual([id]);
    expect(await outcomes()).toEqual({ [`${FLAKY}/unavailable`]: 1, [`${FLAKY}/handled`]: 1 });
  });

  it('answers 503 to a redelivery while the first delivery is still being handled, and processes it if that one fails', async () => {
    const { http, keys } = app({ processingTtlSeconds: 45 });
    const id = randomUUID();
    nextSlowOutcome();
    slowStarted = 0;

    const first = http
      .post('/events')
      .set(binaryHeaders(id, SLOW))
      .send('{}')
      .then((r) => r);
    while (slowStarted === 0) await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = await http.post('/events').set(binaryHeaders(id, SLOW)).send('{}');
    const [mark] = await keys();
    const leftAfter = Math.ceil((await redis.pttl(mark!)) / 1000);
    slowOutcome.fail(new Error('the store went away'));

    expect(meanwhile.status).toBe(503);
    // Retry when the processing mark expires: what was left of its 45 s when the answer was made.
    expect(Number(meanwhile.headers['retry-after'])).toBeGreaterThanOrEqual(leftAfter);
    expect(Number(meanwhile.headers['retry-after'])).toBeLessThanOrEqual(45);
    expect(meanwhile.body.detail).toBe(`CloudEvent ${id} is still being processed; retry later`);
    expect((await first).status).toBe(500);
    nextSlowOutcome();
    slowOutcome.finish();
    const retried = await http.post('/events').set(binaryHeaders(id, SLOW)).send('{}');
    expect(retried.status).toBe(202);
    expect(slowStarted).toBe(2);
    expect(received.map((event) => event.id)).toEqual([id]);
  });

  it('tells a sender redelivering an event whose receiver crashed mid-handler to come back when its mark expires, and then processes it', async () => {
    const { http, service, outcomes } = app();
    const id = randomUUID();
    // What a receiver that crashed while handling the event leaves behind: its processing mark.
    const mark = `${service}:cloudevents:seen:${encodeURIComponent('/test-sender')}:${id}`;
    await redis.set(mark, 'processing', 'PX', 1500);

    const early = await http.post('/events').set(binaryHeaders(id)).send('{}');
    expect(early.status).toBe(503);
    expect(early.headers['retry-after']).toMatch(/^[12]$/);
    expect(received).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, Number(early.headers['retry-after']) * 1000));
    const retried = await http.post('/events').set(binaryHeaders(id)).send('{}');

    expect(retried.status).toBe(202);
    expect(received.map((event) => event.id)).toEqual([id]);
    expect(await outcomes()).toEqual({ [`${GREETED}/in-progress`]: 1, [`${GREETED}/handled`]: 1 });
  });

  it('refuses an event without a source with 400 problem+json naming the field', async () => {
    const { http, outcomes } = app();

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(structured({ id: 'e-1', source: undefined })));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: 'urn:lcm:problem:bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'CloudEvent e-1 is not valid',
      errors: [{ path: 'source', message: "must have required property 'source'" }],
    });
    expect(received).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/invalid`]: 1 });
  });

  it('refuses an event without id or with another specversion instead of inventing them', async () => {
    const { http } = app();

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents+json')
      .send(JSON.stringify(structured({ id: undefined, specversion: '0.3' })));

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'id', message: 'is required' },
      { path: 'specversion', message: 'must be 1.0, not 0.3' },
    ]);
  });

  it('refuses a binary-mode event without ce-specversion', async () => {
    const { http } = app();
    const { 'ce-specversion': _omitted, ...headers } = binaryHeaders();

    const res = await http.post('/events').set(headers).send('{}');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'specversion', message: 'must be 1.0, not undefined' }]);
  });

  it('refuses a whole batch when one of its events is invalid, dispatching none', async () => {
    const { http } = app();
    const batch = [structured(), structured({ type: '' }), structured()];

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch));

    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(`CloudEvent[1] ${batch[1].id} is not valid`);
    expect(res.body.errors).toEqual([{ path: '[1].type', message: expect.any(String) }]);
    expect(received).toEqual([]);
  });

  it.each([
    [
      'a request that is no CloudEvent',
      { 'content-type': 'application/json' },
      '{"name":"x"}',
      /no CloudEvent found/,
    ],
    [
      'a structured body that is not JSON',
      { 'content-type': 'application/cloudevents+json' },
      '{oops',
      /not valid JSON/,
    ],
    [
      'a structured event that is not an object',
      { 'content-type': 'application/cloudevents+json' },
      '"text"',
      /must be a JSON object/,
    ],
    [
      'a batch that is not an array',
      { 'content-type': 'application/cloudevents-batch+json' },
      '{}',
      /must be a JSON array/,
    ],
    [
      'a structured request without a body',
      { 'content-type': 'application/cloudevents+json' },
      '',
      /has no body/,
    ],
    [
      'binary data that is not the JSON it claims',
      binaryHeaders(),
      '{oops',
      /no valid CloudEvent in the request/,
    ],
  ])('refuses %s with 400', async (_case, headers, body, detail) => {
    const { http } = app();

    const res = await http.post('/events').set(headers).send(body);

    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
  });

  it('refuses a body over the limit with 413 problem+json', async () => {
    const { http } = app({ bodyLimit: '100b' });

    const res = await http
      .post('/events')
      .set(binaryHeaders())
      .send(JSON.stringify({ text: 'x'.repeat(200) }));

    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers 503 when the de-duplication store is unreachable, dispatching nothing', async () => {
    const offline = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    const { http, outcomes } = app({ redis: offline });

    const res = await http.post('/events').set(binaryHeaders()).send('{}');

    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body.status).toBe(503);
    expect(received).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/unavailable`]: 1 });
    offline.disconnect();
  });

  it('labels metrics of event types nobody here handles as "other"', async () => {
    const { http, outcomes } = app();

    const res = await http.post('/events').set(binaryHeaders(randomUUID(), UNHANDLED)).send('{}');

    expect(res.status).toBe(202);
    expect(await outcomes()).toEqual({ 'other/handled': 1 });
  });

  it('works behind an app-wide JSON body parser', async () => {
    const { http } = app({}, express.json());

    const res = await http
      .post('/events')
      .set(binaryHeaders())
      .send(JSON.stringify({ name: 'dee' }));

    expect(res.status).toBe(202);
    expect(received).toEqual([expect.objectContaining({ data: { name: 'dee' } })]);
  });
});

describe('createEventIngestionRouter: who may deliver', () => {
  beforeEach(() => {
    received.length = 0;
  });

  it('refuses a delivery without a token with 401 and WWW-Authenticate, dispatching and remembering nothing', async () => {
    const { raw, outcomes, keys } = app();

    const res = await raw.post('/events').set(binaryHeaders()).send('{}');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: 'a bearer token is required',
    });
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/unauthorized`]: 1 });
  });

  it.each([
    [
      'signed by another key',
      async () =>
        `Bearer ${await (await DevIssuer.create()).mint({ sub: 'x', roles: ['service'], claims: { azp: 'greeter' } })}`,
    ],
    [
      'that has expired',
      async () =>
        `Bearer ${await issuer.mint({ sub: 'x', roles: ['service'], claims: { azp: 'greeter' }, expiresIn: -3600 })}`,
    ],
    ['that is no JWT', async () => 'Bearer not.a.jwt'],
  ])('refuses a token %s with 401 invalid_token', async (_case, token) => {
    const { raw, keys } = app();

    const res = await raw
      .post('/events')
      .set({ ...binaryHeaders(), authorization: await token() })
      .send('{}');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
  });

  it.each([['user'], ['admin']])('refuses a valid %s token (no service role) with 403', async (role) => {
    const { raw, outcomes, keys } = app();

    const res = await raw
      .post('/events')
      .set({ ...binaryHeaders(), authorization: await bearer('alice', [role], { azp: 'lcm-portal' }) })
      .send('{}');

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      status: 403,
      title: 'Forbidden',
      detail: 'only services deliver events: the token of alice lacks the service role',
    });
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/forbidden`]: 1 });
  });

  it('refuses a service token that names no OAuth client with 403', async () => {
    const { raw } = app();

    const res = await raw
      .post('/events')
      .set({ ...binaryHeaders(), authorization: await bearer('svc', ['service']) })
      .send('{}');

    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('the service token of svc names no OAuth client (azp or client_id)');
    expect(received).toEqual([]);
  });

  it("refuses another service's token for a type it does not produce, naming the type and the caller", async () => {
    const { raw, outcomes, keys } = app();
    const doorman = await bearer('service-account-doorman', ['service'], { azp: 'doorman' });

    const res = await raw
      .post('/events')
      .set({ ...binaryHeaders(), authorization: doorman })
      .send('{}');

    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(`client doorman may not send ${GREETED}: only its producer greeter may`);
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/forbidden`]: 1 });
  });

  it('refuses a type the event catalog does not list, even from a service, saying so', async () => {
    const { http, keys } = app();

    const res = await http
      .post('/events')
      .set(binaryHeaders(randomUUID(), 'io.test.unheard-of.v1'))
      .send('{}');

    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(
      'event type io.test.unheard-of.v1 is not in the event catalog; no client may send it',
    );
    expect(await keys()).toEqual([]);
  });

  it('accepts an outside producer only once its client is mapped', async () => {
    const grader = await bearer('service-account-grader', ['service'], { azp: 'lcm-grader' });
    const unmapped = app();
    const mapped = app({ producers: new ProducerAllowList(catalog, new Map([['grader', 'lcm-grader']])) });

    const refused = await unmapped.raw
      .post('/events')
      .set({ ...binaryHeaders(randomUUID(), GRADED), authorization: grader })
      .send('{}');
    const accepted = await mapped.raw
      .post('/events')
      .set({ ...binaryHeaders(randomUUID(), GRADED), authorization: grader })
      .send('{}');

    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('EVENT_PRODUCER_CLIENTS names no client for grader');
    expect(accepted.status).toBe(202);
  });

  it('reads the client from client_id when the configured claim is absent, and from the configured claim', async () => {
    const byClientId = app();
    const byCustomClaim = app({ clientIdClaim: 'clientId' });

    const first = await byClientId.raw
      .post('/events')
      .set({
        ...binaryHeaders(),
        authorization: await bearer('svc', ['service'], { client_id: 'greeter' }),
      })
      .send('{}');
    const second = await byCustomClaim.raw
      .post('/events')
      .set({
        ...binaryHeaders(),
        authorization: await bearer('svc', ['service'], { clientId: 'greeter', azp: 'doorman' }),
      })
      .send('{}');

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(received).toHaveLength(2);
  });

  it('checks the audience its authenticator is bound to', async () => {
    const { raw } = app({
      authenticator: new JwtAuthenticator({ jwks: issuer.jwks(), audience: 'lcm-events' }),
    });

    const res = await raw
      .post('/events')
      .set({ ...binaryHeaders(), authorization: greeter })
      .send('{}');

    expect(res.status).toBe(401);
    expect(res.body.detail).toBe('the bearer token\'s "aud" claim is not accepted: check_failed');
  });

  it('refuses a whole batch with one event from another producer, dispatching and remembering none', async () => {
    const { http, keys } = app();
    const batch = [structured(), structured({ type: LEFT }), structured()];

    const res = await http
      .post('/events')
      .set('content-type', 'application/cloudevents-batch+json')
      .send(JSON.stringify(batch));

    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(
      `CloudEvent[1] ${batch[1].id}: client greeter may not send ${LEFT}: only its producer doorman may; ` +
        'the whole batch is refused',
    );
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
  });

  it('does not remember a refused event: the same id sent properly afterwards is handled', async () => {
    const { raw, http } = app();
    const id = randomUUID();
    const doorman = await bearer('service-account-doorman', ['service'], { azp: 'doorman' });

    await raw.post('/events').set(binaryHeaders(id)).send('{}').expect(401);
    await raw
      .post('/events')
      .set({ ...binaryHeaders(id), authorization: doorman })
      .send('{}')
      .expect(403);
    await http.post('/events').set(binaryHeaders(id)).send('{}').expect(202);

    expect(received.map((event) => event.id)).toEqual([id]);
  });

  it("answers 503 when the issuer's keys cannot be fetched, dispatching nothing", async () => {
    const { http, outcomes, keys } = app({
      authenticator: {
        authenticate: async () =>
          OperationResult.fail(503, "the token issuer's keys cannot be fetched right now"),
      },
    });

    const res = await http.post('/events').set(binaryHeaders()).send('{}');

    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(received).toEqual([]);
    expect(await keys()).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/unavailable`]: 1 });
  });

  it('logs each refusal at warn with the type, the calling client and the reason, never the token', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const { raw } = app({ logger: pino({ level: 'info' }, sink) });
    const doorman = await bearer('service-account-doorman', ['service'], { azp: 'doorman' });
    const id = randomUUID();

    await raw
      .post('/events')
      .set({ ...binaryHeaders(id), authorization: doorman })
      .send('{}')
      .expect(403);
    await raw.post('/events').set(binaryHeaders()).send('{}').expect(401);

    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'CloudEvent delivery refused',
        status: 403,
        type: GREETED,
        eventId: id,
        client: 'doorman',
        reason: `client doorman may not send ${GREETED}: only its producer greeter may`,
      }),
      expect.objectContaining({
        level: 40,
        msg: 'CloudEvent delivery refused',
        status: 401,
        type: GREETED,
        reason: 'a bearer token is required',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(doorman.slice('Bearer '.length));
  });
});

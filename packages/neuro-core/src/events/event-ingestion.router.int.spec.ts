import { randomUUID } from 'node:crypto';
import express from 'express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { integrationEventHandler } from '../mediator/handler-registration';
import type { IntegrationEvent } from '../mediator/integration-event';
import { Mediator } from '../mediator/mediator';
import { Metrics } from '../ops/metrics';
import { type EventIngestionOptions, createEventIngestionRouter } from './event-ingestion.router';

const GREETED = 'io.test.guest.greeted.v1';
const FLAKY = 'io.test.guest.flaky.v1';
const received: IntegrationEvent[] = [];
let flakyFailures = 0;

@integrationEventHandler(GREETED)
class GuestGreeted {
  async handle(event: IntegrationEvent) {
    received.push(event);
  }
}

@integrationEventHandler(FLAKY)
class FlakyGuest {
  async handle(event: IntegrationEvent) {
    if (flakyFailures-- > 0) throw new Error('secret connection string mongodb://admin:hunter2@db');
    received.push(event);
  }
}

const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const services: string[] = [];

function app(overrides: Partial<EventIngestionOptions> = {}, before?: express.RequestHandler) {
  const service = `test-ingest-${randomUUID().slice(0, 8)}`;
  services.push(service);
  const metrics = new Metrics();
  const mediator = new Mediator((cls) => new cls()).register(GuestGreeted, FlakyGuest);
  const server = express();
  if (before) server.use(before);
  server.use(createEventIngestionRouter({ service, mediator, redis, metrics, ...overrides }));
  const outcomes = async () =>
    Object.fromEntries(
      (await metrics.eventsReceived.get()).values.map((v) => [
        `${v.labels['type']}/${v.labels['outcome']}`,
        v.value,
      ]),
    );
  return { http: request(server), service, outcomes };
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

describe('createEventIngestionRouter: POST /events', () => {
  beforeEach(() => {
    received.length = 0;
    flakyFailures = 0;
  });

  afterAll(async () => {
    for (const service of services) {
      const keys = await redis.keys(`${service}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
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
    expect(res.body.status).toBe(503);
    expect(received).toEqual([]);
    expect(await outcomes()).toEqual({ [`${GREETED}/unavailable`]: 1 });
    offline.disconnect();
  });

  it('labels metrics of event types nobody here handles as "other"', async () => {
    const { http, outcomes } = app();

    const res = await http
      .post('/events')
      .set(binaryHeaders(randomUUID(), 'io.test.random.thing.v1'))
      .send('{}');

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

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';
import { ClientCredentialsTokenProvider } from '../auth/client-credentials.token-provider';
import { DevIssuer } from '../auth/dev-issuer';
import { JwtAuthenticator } from '../auth/jwt-authenticator';
import { TokenFile } from '../auth/token-file';
import { ManualClock } from '../core/clock';
import { InMemoryRepository } from '../data/in-memory.repository';
import { AggregateRoot } from '../domain/aggregate-root';
import { cloudevent } from '../domain/cloudevent.decorator';
import { DomainEvent } from '../domain/domain-event';
import { Mediator } from '../mediator/mediator';
import { Metrics } from '../ops/metrics';
import { EventDeliveryWorker, type EventDeliveryWorkerOptions } from './event-delivery.worker';
import { OutboxDomainEventPublisher } from './outbox-domain-event-publisher';
import { OutboxRelay } from './outbox-relay';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';

const TYPE = 'io.test.order.placed.v1';

@cloudevent(TYPE)
class OrderPlaced extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly items: number,
  ) {
    super(aggregateId, occurredAt);
  }
}

class Order extends AggregateRoot<{ items: number }> {
  place(items: number): this {
    this._state = { items };
    this.registerEvent(new OrderPlaced(this.id, new Date('2026-02-03T04:05:06Z'), items));
    return this;
  }
}

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived (`Date.now()`, the clock the worker schedules retries by). */
  readonly at: number;
}

/** A status, or one with the `Retry-After` it sends. */
type Answer = number | 'hang' | { readonly status: number; readonly retryAfter: string };

/** A subscriber on a real port; `answer` picks the answer to the n-th request (0-based). */
class Subscriber {
  readonly requests: Received[] = [];
  private server?: Server;

  constructor(private readonly answer: (n: number) => Answer = () => 202) {}

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const answer = this.answer(this.requests.length);
        this.requests.push({ headers: req.headers, body, at: Date.now() });
        if (typeof answer === 'number') res.writeHead(answer).end();
        else if (answer !== 'hang')
          res.writeHead(answer.status, { 'retry-after': answer.retryAfter }).end('{"status":503}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/events`;
  }

  get delivered(): number {
    return this.requests.filter((_, n) => {
      const answer = this.answer(n);
      return typeof answer === 'number' && answer < 300;
    }).length;
  }

  /** The ms between each request and the one before it. */
  get gaps(): number[] {
    return this.requests.slice(1).map((request, n) => request.at - this.requests[n]!.at);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * The dev issuer's token endpoint on a real port and a subscriber that verifies the bearer token of each
 * delivery (signature, audience, expiry with no tolerance), both at one manual clock.
 */
async function tokenWorld(lifetimeSeconds: number) {
  const clock = new ManualClock(new Date('2026-03-01T10:00:00Z'));
  const issuer = await DevIssuer.create();
  let tokenRequests = 0;
  const endpoint = express()
    .use('/oauth/token', (_req, _res, next) => {
      tokenRequests++;
      next();
    })
    .use(issuer.router({ serviceTokenLifetimeSeconds: lifetimeSeconds, clock }))
    .listen(0, '127.0.0.1');
  await new Promise((resolve) => endpoint.once('listening', resolve));
  const verifier = new JwtAuthenticator({
    jwks: issuer.jwks(),
    issuer: issuer.issuer,
    audience: issuer.audience,
    clock,
    clockToleranceSeconds: 0,
  });
  const answers: Array<{ token: string; status: number; sub?: string }> = [];
  const receiver = createServer((req, res) => {
    req.resume().on('end', async () => {
      const result = await verifier.authenticate(req.headers.authorization);
      const token = (req.headers.authorization ?? '').replace('Bearer ', '');
      answers.push({ token, status: result.ok ? 202 : 401, sub: result.ok ? result.value.sub : undefined });
      res.writeHead(result.ok ? 202 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const tokens = new ClientCredentialsTokenProvider({
    tokenUrl: `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/oauth/token`,
    clientId: 'test-shop',
    clientSecret: issuer.clientSecret('test-shop'),
    clock,
  });
  return {
    clock,
    tokens,
    answers,
    verifier,
    tokenRequests: () => tokenRequests,
    receiverUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`,
    close: async () => {
      endpoint.closeAllConnections();
      receiver.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => endpoint.close(resolve)),
        new Promise((resolve) => receiver.close(resolve)),
      ]);
    },
  };
}

/** A subscriber URL with basic-auth credentials in it, as operators may configure one. */
function withCredentials(url: string): string {
  return url.replace('http://', 'http://lcm:s3cret@');
}

const prefix = `test-event-delivery-${randomUUID().slice(0, 8)}`;
const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const stoppables: { stop(): Promise<void> }[] = [];
const closables: { close(): Promise<void> }[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function setup(
  worker: Omit<EventDeliveryWorkerOptions, 'service' | 'connection' | 'prefix'>,
  retry: { attempts?: number; backoffMs?: number } = {},
) {
  const service = `svc${randomUUID().slice(0, 8)}`;
  const { logger, lines } = captureLogs();
  const metrics = new Metrics();
  const relay = new OutboxRelay({ service, connection, prefix, metrics, logger, backoffMs: 50, ...retry });
  const delivery = new EventDeliveryWorker({ service, connection, prefix, metrics, logger, ...worker });
  const orders = new InMemoryRepository<Order, { items: number }>({
    collection: 'orders',
    source: '/test-shop',
    rehydrate: (id, state, version) => new Order(id, state, version),
    publisher: new OutboxDomainEventPublisher({ mediator: new Mediator((cls) => new cls()), relay }),
  });
  relay.register(orders);
  stoppables.push(delivery, relay);
  await relay.start();
  await delivery.start();
  const queue = new Queue(`${service}-events`, { connection, prefix });
  closables.push(queue);
  const counter = async (
    name: 'eventsDelivered' | 'deliveryFailures' | 'deadLetters',
    labels: Record<string, string> = {},
  ) =>
    (await metrics[name].get()).values
      .filter((v) =>
        Object.entries(labels).every(([key, value]) => (v.labels as Record<string, unknown>)[key] === value),
      )
      .reduce((sum, v) => sum + v.value, 0);
  return { orders, relay, delivery, queue, counter, lines, metrics };
}

describe('EventDeliveryWorker', () => {
  afterAll(async () => {
    for (const service of stoppables) await service.stop();
    for (const queue of closables) await queue.close();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    await connection.quit();
  });

  it('delivers a saved event to every subscriber and the K_SINK in binary mode, and empties the outbox', async () => {
    const first = new Subscriber();
    const second = new Subscriber();
    const sink = new Subscriber();
    const { orders, counter, metrics } = await setup({
      subscribers: [await first.listen(), withCredentials(await second.listen())],
      sink: await sink.listen(),
    });

    await orders.add(new Order('order-1', { items: 0 }).place(3));

    await eventually(
      () => first.requests.length === 1 && second.requests.length === 1 && sink.requests.length === 1,
    );
    const [{ headers, body }] = first.requests;
    expect(headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-type': TYPE,
      'ce-source': '/test-shop',
      'ce-subject': 'order-1',
      'ce-time': '2026-02-03T04:05:06.000Z',
      'content-type': 'application/json',
    });
    expect(headers['ce-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(body)).toEqual({ items: 3 });
    expect(sink.requests[0].headers['ce-id']).toBe(headers['ce-id']);
    expect(second.requests[0].headers['authorization']).toBe(
      `Basic ${Buffer.from('lcm:s3cret').toString('base64')}`,
    );
    expect(await orders.pendingOutbox(10)).toEqual([]);
    await eventually(async () => (await counter('eventsDelivered', { type: TYPE })) === 3);
    // Delivered to all three: its lag (now minus the event's time) is observed once.
    const lag = (await metrics.deliveryLag.get()).values.find(
      (v) => v.metricName === 'lcm_event_delivery_lag_seconds_count' && v.labels['type'] === TYPE,
    );
    expect(lag?.value).toBe(1);
    await Promise.all([first.close(), second.close(), sink.close()]);
  });

  it('keeps retrying a subscriber that is down and delivers once it is back', async () => {
    const port = await freePort();
    const subscriber = new Subscriber();
    const { orders, counter } = await setup({ subscribers: [`http://127.0.0.1:${port}/events`] });

    await orders.add(new Order('order-2', { items: 0 }).place(1));
    await eventually(async () => (await counter('deliveryFailures', { deadLetter: 'false' })) >= 2);
    await subscriber.listen(port);

    await eventually(() => subscriber.requests.length === 1);
    await eventually(async () => (await counter('eventsDelivered')) === 1);
    expect(JSON.parse(subscriber.requests[0].body)).toEqual({ items: 1 });
    await subscriber.close();
  });

  it('retries only the subscribers that did not get the event yet', async () => {
    const steady = new Subscriber();
    const flaky = new Subscriber((n) => (n < 2 ? 503 : 200));
    const { orders, queue } = await setup({ subscribers: [await steady.listen(), await flaky.listen()] });

    await orders.add(new Order('order-3', { items: 0 }).place(2));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(flaky.requests).toHaveLength(3);
    expect(steady.requests).toHaveLength(1);
    await Promise.all([steady.close(), flaky.close()]);
  });

  it('retries a subscriber that sheds load (429, 503) until it takes the event', async () => {
    const overloaded = new Subscriber((n) => [429, 503, 429][n] ?? 202);
    const { orders, queue, counter } = await setup({ subscribers: [await overloaded.listen()] });

    await orders.add(new Order('order-shed', { items: 0 }).place(1));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(overloaded.requests).toHaveLength(4);
    expect(overloaded.delivered).toBe(1);
    expect(await counter('deadLetters')).toBe(0);
    await overloaded.close();
  });

  it('retries a subscriber that answered 503 with Retry-After no sooner than it asked, and delivers', async () => {
    const shedding = new Subscriber((n) => (n === 0 ? { status: 503, retryAfter: '2' } : 202));
    const { orders, queue, counter, lines } = await setup({ subscribers: [await shedding.listen()] });

    await orders.add(new Order('order-retry-after', { items: 0 }).place(1));

    await eventually(async () => (await queue.getCompletedCount()) === 1, 10_000);
    expect(shedding.requests).toHaveLength(2);
    // The relay's backoff here is 50 ms: the wait is the subscriber's.
    expect(shedding.gaps[0]).toBeGreaterThanOrEqual(2000);
    expect(await counter('eventsDelivered')).toBe(1);
    expect(lines.find((line) => line['level'] === 40)).toMatchObject({
      attempt: 1,
      reason: 'HTTP 503',
      retryInMs: 2000,
    });
    await shedding.close();
  });

  it('waits for the longest Retry-After among the subscribers that failed, then retries them all', async () => {
    const soon = new Subscriber((n) => (n === 0 ? { status: 503, retryAfter: '1' } : 202));
    const later = new Subscriber((n) => (n === 0 ? { status: 429, retryAfter: '2' } : 202));
    const silent = new Subscriber((n) => (n === 0 ? 503 : 202));
    const { orders, queue } = await setup({
      subscribers: [await soon.listen(), await later.listen(), await silent.listen()],
    });

    await orders.add(new Order('order-longest', { items: 0 }).place(1));

    await eventually(async () => (await queue.getCompletedCount()) === 1, 10_000);
    for (const subscriber of [soon, later, silent]) {
      expect(subscriber.requests).toHaveLength(2);
      expect(subscriber.gaps[0]).toBeGreaterThanOrEqual(2000);
    }
    await Promise.all([soon.close(), later.close(), silent.close()]);
  });

  it('waits at most 5 minutes, whatever Retry-After asks for', async () => {
    const closed = new Subscriber(() => ({ status: 503, retryAfter: '86400' }));
    const { orders, queue } = await setup({ subscribers: [await closed.listen()] });

    await orders.add(new Order('order-capped', { items: 0 }).place(1));

    const [delayed] = await eventually(async () => {
      const jobs = await queue.getDelayed();
      return jobs.length === 1 ? jobs : undefined;
    });
    expect(delayed!.delay).toBeGreaterThan(299_000);
    expect(delayed!.delay).toBeLessThanOrEqual(300_000);
    await delayed!.remove();
    await closed.close();
  });

  it('keeps its doubling backoff when no Retry-After is given, and when one asks for less', async () => {
    const plain = new Subscriber((n) => (n < 3 ? 503 : 202));
    const eager = new Subscriber((n) => (n < 1 ? { status: 503, retryAfter: '0' } : 202));
    const { orders, queue } = await setup(
      { subscribers: [await plain.listen(), await eager.listen()] },
      { backoffMs: 300 },
    );

    await orders.add(new Order('order-backoff', { items: 0 }).place(1));

    await eventually(async () => (await queue.getCompletedCount()) === 1, 15_000);
    expect(plain.requests).toHaveLength(4);
    const [first, second, third] = plain.gaps;
    expect(first).toBeGreaterThanOrEqual(300);
    expect(second).toBeGreaterThanOrEqual(600);
    expect(third).toBeGreaterThanOrEqual(1200);
    expect(eager.requests).toHaveLength(2);
    expect(eager.gaps[0]).toBeGreaterThanOrEqual(300);
    await Promise.all([plain.close(), eager.close()]);
  });

  it('dead-letters after the last attempt even when every answer carried Retry-After', async () => {
    const shedding = new Subscriber(() => ({ status: 503, retryAfter: '1' }));
    const { orders, queue, counter, lines } = await setup(
      { subscribers: [await shedding.listen()] },
      { attempts: 3 },
    );

    await orders.add(new Order('order-shed-forever', { items: 0 }).place(1));

    await eventually(async () => (await queue.getFailedCount()) === 1, 10_000);
    expect(shedding.requests).toHaveLength(3);
    expect(Math.min(...shedding.gaps)).toBeGreaterThanOrEqual(1000);
    expect(await counter('deadLetters', { type: TYPE })).toBe(1);
    expect(lines.filter((line) => line['level'] === 50)).toEqual([
      expect.objectContaining({ attempt: 3, reason: 'HTTP 503' }),
    ]);
    await shedding.close();
  });

  it('counts a subscriber slower than the timeout as failed and retries it', async () => {
    const slow = new Subscriber((n) => (n === 0 ? 'hang' : 204));
    const { orders, queue } = await setup({ subscribers: [await slow.listen()], timeoutMs: 100 });

    await orders.add(new Order('order-4', { items: 0 }).place(4));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(slow.requests).toHaveLength(2);
    expect(slow.delivered).toBe(1);
    await slow.close();
  });

  it('dead-letters an event after the last attempt, with one error line and the metric', async () => {
    const broken = new Subscriber(() => 500);
    const url = await broken.listen();
    const { orders, queue, counter, lines } = await setup(
      { subscribers: [withCredentials(url)] },
      { attempts: 3 },
    );

    await orders.add(new Order('order-5', { items: 0 }).place(5));

    await eventually(async () => (await queue.getFailedCount()) === 1);
    const eventId = broken.requests[0].headers['ce-id'];
    expect(broken.requests).toHaveLength(3);
    expect(await counter('deliveryFailures', { type: TYPE, deadLetter: 'false' })).toBe(2);
    expect(await counter('deliveryFailures', { type: TYPE, deadLetter: 'true' })).toBe(1);
    expect(await counter('deadLetters', { type: TYPE })).toBe(1);
    expect(await counter('eventsDelivered')).toBe(0);
    const deadLetters = lines.filter((line) => line['level'] === 50);
    expect(deadLetters).toEqual([
      expect.objectContaining({ eventId, type: TYPE, subscriber: url, attempt: 3, reason: 'HTTP 500' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
    const [failed] = await queue.getFailed();
    expect(failed.id).toBe(eventId);
    expect(failed.failedReason).toBe(`CloudEvent ${eventId} (${TYPE}) was not delivered to ${url}`);
    await broken.close();
  });

  it('completes events at once when nobody subscribes', async () => {
    const { orders, queue } = await setup({ subscribers: [] });

    await orders.add(new Order('order-6', { items: 0 }).place(6));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
  });

  it('sends an event once to a subscriber configured twice (or also given as K_SINK)', async () => {
    const subscriber = new Subscriber();
    const url = await subscriber.listen();
    const { orders, queue } = await setup({ subscribers: [url, url], sink: url });

    await orders.add(new Order('order-7', { items: 0 }).place(7));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(subscriber.requests).toHaveLength(1);
    await subscriber.close();
  });

  it('sends its own bearer token to subscribers, and the Basic credentials of a URL that has them', async () => {
    const world = await tokenWorld(300);
    const basic = new Subscriber();
    const { orders, queue } = await setup({
      subscribers: [world.receiverUrl, withCredentials(await basic.listen())],
      tokens: world.tokens,
    });

    await orders.add(new Order('order-8', { items: 0 }).place(8));

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(world.answers).toEqual([
      { token: expect.any(String), status: 202, sub: 'service-account-test-shop' },
    ]);
    expect(basic.requests[0]?.headers['authorization']).toBe(
      `Basic ${Buffer.from('lcm:s3cret').toString('base64')}`,
    );
    await Promise.all([world.close(), basic.close()]);
  });

  it('keeps delivering across the expiry of 5-second tokens, each accepted at once with a fresh token', async () => {
    const world = await tokenWorld(5);
    const { orders } = await setup({ subscribers: [world.receiverUrl], tokens: world.tokens });

    // Six events two seconds apart: twelve seconds of token time, more than two lifetimes.
    for (let n = 1; n <= 6; n++) {
      await orders.add(new Order(`expiry-${n}`, { items: 0 }).place(n));
      await eventually(() => world.answers.length === n);
      world.clock.advance(2000);
    }

    expect(world.answers.map((answer) => answer.status)).toEqual(Array(6).fill(202));
    const tokens = [...new Set(world.answers.map((answer) => answer.token))];
    expect(tokens).toHaveLength(3);
    expect(world.tokenRequests()).toBe(3);
    // The receiver really enforces expiry: the first token is refused now.
    expect(await world.verifier.authenticate(`Bearer ${tokens[0]}`)).toMatchObject({
      ok: false,
      status: 401,
      problem: expect.objectContaining({ detail: 'the bearer token has expired' }),
    });
    await world.close();
  });

  it('sends the sink the token of its token file, read at each delivery, and the OAuth token to the others', async () => {
    const world = await tokenWorld(300);
    const sink = new Subscriber();
    const directory = await mkdtemp(join(tmpdir(), 'sink-token-'));
    const tokenFile = join(directory, 'token');
    await writeFile(tokenFile, 'projected-token-1\n');
    const { orders, lines } = await setup({
      subscribers: [world.receiverUrl],
      sink: await sink.listen(),
      tokens: world.tokens,
      sinkTokens: new TokenFile(tokenFile),
    });

    await orders.add(new Order('order-sink-1', { items: 0 }).place(1));
    await eventually(() => sink.requests.length === 1 && world.answers.length === 1);
    // The kubelet replaces the file before the token expires; a missing file fails only the sink.
    await writeFile(tokenFile, 'projected-token-2');
    await orders.add(new Order('order-sink-2', { items: 0 }).place(2));
    await eventually(() => sink.requests.length === 2);
    await rm(tokenFile);
    await orders.add(new Order('order-sink-3', { items: 0 }).place(3));
    await eventually(() => world.answers.length === 3 && lines.some((line) => line['level'] === 40));
    await writeFile(tokenFile, 'projected-token-3');
    await eventually(() => sink.requests.length === 3);

    expect(sink.requests.map((request) => request.headers['authorization'])).toEqual([
      'Bearer projected-token-1',
      'Bearer projected-token-2',
      'Bearer projected-token-3',
    ]);
    expect(world.answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(lines.find((line) => line['level'] === 40)).toMatchObject({
      subscriber: sink.url,
      reason: `cannot read the token file ${tokenFile}: ENOENT`,
    });
    await Promise.all([world.close(), sink.close(), rm(directory, { recursive: true })]);
  });

  it('can be stopped twice and is not restarted by a later start', async () => {
    const delivery = new EventDeliveryWorker({ service: 'never-used', connection, prefix, subscribers: [] });

    await Promise.all([delivery.stop(), delivery.stop()]);
    await delivery.start();

    await expect(delivery.stop()).resolves.toBeUndefined();
  });
});

import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { Metrics } from '../ops/metrics';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';
import { createHttpApp } from './create-http-app';
import type { InFlightLimits } from './in-flight-limits';

/** Requests the test holds in their handlers until it opens the gate. */
class Gate {
  entered = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  async pass(): Promise<void> {
    this.entered++;
    await this.opened;
  }

  release(): void {
    this.open();
  }
}

describe('load shedding', () => {
  let server: Server;
  let base: string;
  let gate: Gate;
  let metrics: Metrics;
  let logs: ReturnType<typeof captureLogs>;
  /** Requests whose handler ran, by path: a refused request must never reach one. */
  let handled: string[];
  const unanswered: Promise<Response>[] = [];

  async function listen(limits: InFlightLimits): Promise<void> {
    gate = new Gate();
    metrics = new Metrics();
    logs = captureLogs('warn');
    handled = [];
    const held = Router();
    held.get('/api/held', async (_req, res) => {
      handled.push('/api/held');
      await gate.pass();
      res.json({ ok: true });
    });
    held.get('/api/quick', (_req, res) => {
      handled.push('/api/quick');
      res.json({ ok: true });
    });
    held.post('/events', async (_req, res) => {
      handled.push('/events');
      await gate.pass();
      res.status(202).end();
    });
    const app = createHttpApp({
      logger: logs.logger,
      metrics,
      routers: [held],
      docs: false,
      inFlightLimits: limits,
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    gate.release();
    // Every held request answers before the server goes, so none fails after its test.
    await Promise.allSettled(unanswered.splice(0));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Starts `count` requests that stay in their handler until the gate opens. */
  async function hold(
    count: number,
    path = '/api/held',
    init: RequestInit = {},
  ): Promise<Promise<Response>[]> {
    const before = gate.entered;
    const held = Array.from({ length: count }, () => fetch(`${base}${path}`, init));
    unanswered.push(...held);
    await eventually(() => gate.entered === before + count, 5_000, `${count} requests held`);
    return held;
  }

  async function shedCount(pool: string): Promise<number> {
    const { values } = await metrics.requestsShed.get();
    return values.find((value) => value.labels['pool'] === pool)?.value ?? 0;
  }

  it('answers a request beyond the limit 503 problem+json with Retry-After, before any handler runs', async () => {
    await listen({ requests: 2, events: 5 });
    const held = await hold(2);

    const refused = await fetch(`${base}/api/held`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toEqual({
      type: 'urn:lcm:problem:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: 'this service is handling 2 requests at once; retry later',
      instance: '/api/held',
    });
    expect(handled).toHaveLength(2);
    expect(await shedCount('requests')).toBe(1);

    gate.release();
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200]);
    expect((await fetch(`${base}/api/held`)).status).toBe(200);
  });

  it('keeps answering the probes and /metrics while full', async () => {
    await listen({ requests: 1, events: 1 });
    await hold(1);
    await hold(1, '/events', { method: 'POST' });

    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const scraped = await fetch(`${base}/metrics`);
    expect(scraped.status).toBe(200);
    expect((await fetch(`${base}/api/held`)).status).toBe(503);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain(
      'lcm_http_requests_shed_total{pool="requests"} 1',
    );
  });

  it('bounds CloudEvent deliveries apart from the API: a flood of either leaves the other served', async () => {
    await listen({ requests: 1, events: 2 });
    const events = await hold(2, '/events', { method: 'POST' });

    const refusedEvent = await fetch(`${base}/events`, { method: 'POST', body: '{}' });
    expect([refusedEvent.status, refusedEvent.headers.get('retry-after')]).toEqual([503, expect.any(String)]);
    expect(((await refusedEvent.json()) as { detail: string }).detail).toBe(
      'this service is handling 2 events at once; retry later',
    );
    // The API has its own slot, still free.
    const api = await hold(1);
    expect((await fetch(`${base}/api/held`)).status).toBe(503);
    expect([await shedCount('events'), await shedCount('requests')]).toEqual([1, 1]);
    expect(handled.filter((path) => path === '/events')).toHaveLength(2);

    gate.release();
    expect((await Promise.all([...events, ...api])).map((answer) => answer.status)).toEqual([202, 202, 200]);
  });

  it('gives the slot of a request back when its client goes away', async () => {
    await listen({ requests: 1, events: 1 });
    const abort = new AbortController();
    const [held] = await hold(1, '/api/held', { signal: abort.signal });
    abort.abort();
    await expect(held).rejects.toThrow();

    // Its handler still runs, but nobody waits for the answer any more: the next request is admitted.
    await eventually(async () => (await fetch(`${base}/api/quick`)).status === 200, 5_000);
    expect(handled).toEqual(['/api/held', '/api/quick']);
  });

  it('warns once when it starts shedding, not once per refused request', async () => {
    await listen({ requests: 1, events: 1 });
    await hold(1);
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/api/held`)).status).toBe(503);

    const warnings = logs.lines.filter((line) => line['msg'] === 'overloaded: shedding requests with 503');
    expect(warnings).toEqual([expect.objectContaining({ pool: 'requests', limit: 1, shed: 1 })]);
    expect(await shedCount('requests')).toBe(5);
  });
});

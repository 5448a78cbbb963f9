import { randomUUID } from 'node:crypto';
import { type ProxyTracerProvider, context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  type NodeTracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { OperationResult } from '../core/operation-result';
import { commandHandler } from '../mediator/handler-registration';
import { Mediator } from '../mediator/mediator';
import { Command } from '../mediator/request';
import { CommandHandler } from '../mediator/request-handler';
import { type StopTracing, startTracing } from '../ops/start-tracing';
import { SpanKind, inSpan } from '../ops/tracing';
import { eventually } from '../testing/eventually';
import { JobHost } from './job-host';

/** What each job run's builder received, and in which trace its handler ran. */
const runs: { data: unknown; traceId?: string }[] = [];
let failuresLeft = 0;

class PlaceSession extends Command {
  constructor(readonly sessionId: string) {
    super();
  }
}

@commandHandler(PlaceSession)
class PlaceSessionHandler extends CommandHandler<PlaceSession> {
  async handle() {
    if (failuresLeft-- > 0) return OperationResult.fail(503, 'worker-manager is restarting');
    return this.noContent();
  }
}

class SweepTimers extends Command {}

@commandHandler(SweepTimers)
class SweepTimersHandler extends CommandHandler<SweepTimers> {
  async handle() {
    return this.noContent();
  }
}

const prefix = `test-job-trace-${randomUUID().slice(0, 8)}`;
const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const exporter = new InMemorySpanExporter();
const hosts: JobHost[] = [];
let stopTracing: StopTracing;

function setup() {
  const service = `svc${randomUUID().slice(0, 8)}`;
  const mediator = new Mediator((cls) => new cls()).register(PlaceSessionHandler, SweepTimersHandler);
  const host = new JobHost({ service, connection, prefix, mediator, defaults: { backoffMs: 20 } });
  hosts.push(host);
  host.define('place-session', (data: { sessionId: string }) => {
    runs.push({ data, traceId: trace.getActiveSpan()?.spanContext().traceId });
    return new PlaceSession(data.sessionId);
  });
  const queue = new Queue(`${service}-jobs`, { connection, prefix });
  return { host, queue };
}

/** The finished spans named so, flushed out of the batch processor (which exports every 5 s). */
async function spansNamed(name: string, count: number): Promise<ReadableSpan[]> {
  const provider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as NodeTracerProvider;
  let found: ReadableSpan[] = [];
  await eventually(async () => {
    await provider.forceFlush();
    found = exporter.getFinishedSpans().filter((span) => span.name === name);
    return found.length >= count;
  });
  return found;
}

describe('JobHost and tracing: a queued job runs in the trace that queued it', () => {
  beforeAll(async () => {
    stopTracing = await startTracing('job-host-spec', {}, exporter);
  });

  beforeEach(() => {
    runs.length = 0;
    failuresLeft = 0;
    exporter.reset();
  });

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await stopTracing();
    trace.disable();
    propagation.disable();
    context.disable();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    await connection.quit();
  });

  it("runs an on-demand job as a child of the request that queued it, with the job's data untouched", async () => {
    const { host, queue } = setup();
    await host.start();

    const request = await inSpan('POST /api/lablet-sessions', SpanKind.SERVER, {}, async (span) => {
      await host.enqueue('place-session', { sessionId: 's-1' });
      return span.spanContext();
    });

    const [job] = await spansNamed('job place-session', 1);
    expect(job.spanContext().traceId).toBe(request.traceId);
    expect(job.parentSpanContext?.spanId).toBe(request.spanId);
    expect(runs).toEqual([{ data: { sessionId: 's-1' }, traceId: request.traceId }]);
    await queue.close();
  });

  it('keeps every retry of a queued job in the same trace', async () => {
    const { host, queue } = setup();
    await host.start();
    failuresLeft = 2;

    const request = await inSpan('POST /api/lablet-sessions', SpanKind.SERVER, {}, async (span) => {
      await host.enqueue('place-session', { sessionId: 's-2' });
      return span.spanContext();
    });

    const attempts = await spansNamed('job place-session', 3);
    expect(attempts.map((span) => span.spanContext().traceId)).toEqual(Array(3).fill(request.traceId));
    expect(new Set(attempts.map((span) => span.parentSpanContext?.spanId))).toEqual(
      new Set([request.spanId]),
    );
    await queue.close();
  });

  it("starts a trace of its own for a job queued outside any trace, and for every scheduler's run", async () => {
    const { host, queue } = setup();
    host.schedule('session-timers', { everyMs: 100 }, () => new SweepTimers());
    // Started inside a span, as a service booting in a traced context would be: its runs must not join it.
    const boot = await inSpan('boot', SpanKind.INTERNAL, {}, async (span) => {
      await host.start();
      return span.spanContext();
    });

    await host.enqueue('place-session', { sessionId: 's-3' });

    const [queued] = await spansNamed('job place-session', 1);
    const sweeps = await spansNamed('job session-timers', 2);
    for (const span of [queued, ...sweeps]) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(boot.traceId);
    }
    expect(new Set(sweeps.map((span) => span.spanContext().traceId)).size).toBe(sweeps.length);
    expect(runs).toEqual([{ data: { sessionId: 's-3' }, traceId: queued.spanContext().traceId }]);
    await queue.close();
  });

  it('runs a job whose trace metadata it cannot read in a trace of its own', async () => {
    const { host, queue } = setup();
    await host.start();

    // Written by another producer on the queue, not by enqueue.
    await queue.add('place-session', { sessionId: 's-4' }, { telemetry: { metadata: 'not json' } });

    const [job] = await spansNamed('job place-session', 1);
    expect(job.parentSpanContext).toBeUndefined();
    expect(runs).toEqual([{ data: { sessionId: 's-4' }, traceId: job.spanContext().traceId }]);
    await queue.close();
  });
});

// `npm run bench -- events`: 10,000 domain events from aggregate save to the receiving service's handler
// (outbox -> relay -> BullMQ -> delivery POST with a service token -> allow-list -> de-dupe -> handler),
// two real services in this process on the real Redis, against raw BullMQ (Queue.add + a Worker with the
// delivery worker's concurrency) carrying the same CloudEvents, in the same run. Then the same path paced
// at 500 events/s for the latency target. Latency is from the save (or the add) to the handler, one clock.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type TestService, deleteRedisKeys, startTestService } from '@lcm/neuro-core/testing';
import type { CommonSettings } from '@lcm/neuro-core';
import { SaveTickCommand, producerService, received, receiverService } from './events/bench-services';
import { fixed, printTable, quantile, run, size, verdict } from './support/report';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? size(10_000, 50));
const PACED_RATE = 500;
const PACED_SECONDS = size(6, 0.1);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DELIVERY_CONCURRENCY = 10; // EventDeliveryWorker's default
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 100;

interface Figures {
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly count: number;
}

/** Collects one latency per sequence number and resolves once all `count` arrived. */
function arrivals(count: number) {
  const sentAt = new Float64Array(count);
  const latency = new Float64Array(count).fill(Number.NaN);
  let arrived = 0;
  let last = 0;
  let finish: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    sent: (sequence: number) => {
      sentAt[sequence] = performance.now();
    },
    arrive: (sequence: number) => {
      if (!Number.isNaN(latency[sequence]!)) return;
      last = performance.now();
      latency[sequence] = last - sentAt[sequence]!;
      if (++arrived === count) finish();
    },
    async figures(startedAt: number, timeoutMs: number): Promise<Figures> {
      const timeout = sleep(timeoutMs).then(() => {
        throw new Error(`only ${arrived} of ${count} events arrived within ${timeoutMs} ms`);
      });
      await Promise.race([all, timeout]);
      const values = [...latency];
      return {
        eventsPerSecond: (count / (last - startedAt)) * 1000,
        p50Ms: quantile(values, 0.5),
        p99Ms: quantile(values, 0.99),
        count,
      };
    },
  };
}

/** Saves `count` aggregates, each with one event, at `rate` per second (as fast as they go when 0). */
async function throughService(
  producer: TestService<CommonSettings>,
  count: number,
  rate: number,
): Promise<Figures> {
  const run = arrivals(count);
  received.onTick = run.arrive;
  const startedAt = performance.now();
  for (let sequence = 0; sequence < count; sequence++) {
    if (rate > 0) {
      const due = startedAt + (sequence * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
    }
    run.sent(sequence);
    const saved = await producer.mediator.execute(new SaveTickCommand(randomUUID(), sequence));
    if (!saved.ok) throw new Error(`save ${sequence} failed: ${JSON.stringify(saved)}`);
  }
  return run.figures(startedAt, 120_000);
}

/** The same CloudEvents through a bare BullMQ queue and worker. */
async function throughBullmq(payloads: readonly unknown[]): Promise<Figures> {
  const prefix = `bench-raw-${randomUUID().slice(0, 8)}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('raw-events', { connection, prefix });
  const run = arrivals(payloads.length);
  const worker = new Worker<{ sequence: number; event: unknown }>(
    'raw-events',
    async (job) => run.arrive(job.data.sequence),
    { connection, prefix, concurrency: DELIVERY_CONCURRENCY },
  );
  try {
    const startedAt = performance.now();
    for (let sequence = 0; sequence < payloads.length; sequence++) {
      run.sent(sequence);
      await queue.add(
        'event',
        { sequence, event: payloads[sequence] },
        { jobId: randomUUID(), removeOnComplete: true },
      );
    }
    return await run.figures(startedAt, 120_000);
  } finally {
    await worker.close();
    await queue.close();
    await connection.quit();
    await deleteRedisKeys(REDIS_URL, prefix);
  }
}

async function main(): Promise<void> {
  const receiver = await startTestService(receiverService, { env: { REDIS_URL } });
  const producer = await startTestService(producerService, {
    env: { REDIS_URL, EVENT_SUBSCRIBERS: `${receiver.url}/events`, EVENT_DELIVERY_BACKOFF_MS: '50' },
  });
  let service: Figures;
  let paced: Figures;
  try {
    await throughService(producer, Math.min(200, EVENTS), 0); // warm-up: JIT, connections, first token
    service = await throughService(producer, EVENTS, 0);
    paced = await throughService(producer, PACED_RATE * PACED_SECONDS, PACED_RATE);
  } finally {
    await producer.close();
    await receiver.close();
  }
  const payloads = producer.publishedEvents().slice(-EVENTS);
  await throughBullmq(payloads.slice(0, Math.min(200, EVENTS))); // warm-up
  const raw = await throughBullmq(payloads);
  console.log(
    `events benchmark: ${EVENTS} events saved one after the other, then ${PACED_RATE * PACED_SECONDS} paced at ` +
      `${PACED_RATE}/s; producer and receiver services and the raw BullMQ side in this process, Redis at ${REDIS_URL}`,
  );
  const row = (name: string, f: Figures) => [
    name,
    f.count,
    fixed(f.eventsPerSecond, 0),
    fixed(f.p50Ms, 1),
    fixed(f.p99Ms, 1),
  ];
  printTable(
    ['path', 'events', 'events/s', 'p50 ms', 'p99 ms'],
    [
      row('save -> outbox -> BullMQ -> HTTP -> de-dupe -> handler', service),
      row('raw BullMQ add -> process', raw),
      row(`the service path paced at ${PACED_RATE}/s`, paced),
    ],
  );
  const ratio = service.eventsPerSecond / raw.eventsPerSecond;
  verdict(
    'events',
    `service path / raw BullMQ ${fixed(ratio)} (target >= ${TARGET_RATIO}), ` +
      `p99 at ${PACED_RATE}/s ${fixed(paced.p99Ms, 1)} ms (target < ${TARGET_P99_MS})`,
    ratio >= TARGET_RATIO && paced.p99Ms < TARGET_P99_MS,
  );
}

run(main);

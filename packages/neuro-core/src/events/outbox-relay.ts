import { type JobsOptions, Queue } from 'bullmq';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { OutboxEntry, OutboxStore } from '../data/outbox';
import type { HostedService } from '../hosting/hosted-service';
import type { Metrics } from '../ops/metrics';
import { DeliveryJob } from './delivery-job';
import type { EventStream } from './event-stream';
import type { OutboxNudge } from './outbox-domain-event-publisher';

/** How an OutboxRelay is wired and tuned. */
export interface OutboxRelayOptions {
  /** The service name; the queue is `<service>-events`. */
  readonly service: string;
  /** A connection the caller owns and closes (BullMQ needs `maxRetriesPerRequest: null` on it). */
  readonly connection: Redis;
  /** BullMQ key prefix; tests use their own so they never meet. Default `bull`. */
  readonly prefix?: string;
  /** Stores to drain; more can be added with `register`. */
  readonly stores?: readonly OutboxStore[];
  /** How often to look for events nobody nudged about (e.g. left by a crash). Default 1000 ms. */
  readonly intervalMs?: number;
  /** Aggregates read per store per round. Default 100. */
  readonly batchSize?: number;
  /** Delivery attempts per subscriber before dead-lettering. Default 10. */
  readonly attempts?: number;
  /** First retry delay; each later one doubles. Default 1000 ms. */
  readonly backoffMs?: number;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  /** Where relayed events are also appended for `GET /api/events/stream` readers. */
  readonly stream?: Pick<EventStream, 'append'>;
  /**
   * How long an event stays queued before the relay asks the queue whether its delivery is done, and how
   * long after each time it was found still running. Default 2000 ms.
   */
  readonly confirmAfterMs?: number;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Where an event's delivery job is, as far as its outbox entry is concerned; for one still open and
 * already tried, the subscribers that acknowledged it.
 */
type DeliveryState =
  { readonly state: 'done' | 'lost' } | { readonly state: 'open'; readonly deliveredTo?: readonly string[] };

/**
 * Moves saved domain events from aggregate outboxes to the `<service>-events` BullMQ queue, where
 * EventDeliveryWorker POSTs them to subscribers. Each event becomes a job whose id is the CloudEvent id
 * and is marked queued in its store only after the queue has it, so a crash in between re-relays it and
 * the queue ignores the second copy: nothing is lost and nothing is delivered twice from the queue. For the
 * same reason several replicas may relay the same outboxes at once.
 *
 * A queued event stays in its store until its job is done (delivered or dead-lettered), since the queue
 * lives in Redis only: an event whose job Redis lost (a FLUSHALL, a restart without persistence) is
 * queued again under the same id, and is appended to the event stream only the first time.
 */
export class OutboxRelay implements HostedService, OutboxNudge {
  readonly name = 'outbox-relay';
  private readonly stores: OutboxStore[];
  private readonly queue: Queue;
  private readonly jobOptions: JobsOptions;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private drainAgain = false;
  private started = false;
  private stopping?: Promise<void>;
  private readonly failing = new Set<OutboxStore>();
  private nextConfirmAt = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.stores = [...(options.stores ?? [])];
    this.queue = new Queue(DeliveryJob.queueName(options.service), {
      connection: options.connection,
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
    this.queue.on('error', (error) => options.logger?.warn({ err: error }, 'event queue connection error'));
    this.jobOptions = {
      attempts: options.attempts ?? 10,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      // Completed jobs are kept a day: their ids are what makes a re-relay after a crash a no-op.
      removeOnComplete: { age: DAY_SECONDS, count: 100_000 },
      // Failed jobs are the dead letters operators inspect and retry.
      removeOnFail: { age: 7 * DAY_SECONDS, count: 100_000 },
    };
  }

  /** Adds a store to drain (each repository of the service is one). */
  register(store: OutboxStore): this {
    if (!this.stores.includes(store)) this.stores.push(store);
    return this;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.nudge(), this.options.intervalMs ?? 1000);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a drain now; if one is running, one more follows it, so no event waits for the next poll. */
  nudge(): void {
    if (!this.started || this.stopping) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drainUntilQuiet().finally(() => {
      this.draining = undefined;
    });
  }

  /** Resolves when the drain running now (if any) and the ones it asked for have finished. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** Stops polling at once, as a crash would; events not yet queued stay in their outboxes. */
  abandon(): Promise<void> {
    clearInterval(this.timer);
    this.stopping ??= Promise.resolve();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.idle();
    await this.queue.close();
  }

  private async drainUntilQuiet(): Promise<void> {
    do {
      this.drainAgain = false;
      for (const store of this.stores) await this.drainStore(store);
    } while (this.drainAgain && !this.stopping);
    if (Date.now() < this.nextConfirmAt || this.stopping) return;
    this.nextConfirmAt = Date.now() + this.confirmAfterMs;
    for (const store of this.stores) await this.confirmStore(store);
  }

  private get confirmAfterMs(): number {
    return this.options.confirmAfterMs ?? 2000;
  }

  private jobOf(event: OutboxEntry, deliveredTo: readonly string[] = []) {
    return {
      name: event.type,
      data: { event, deliveredTo } satisfies DeliveryJob,
      opts: { ...this.jobOptions, jobId: event.id },
    };
  }

  private async drainStore(store: OutboxStore): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    let seen = 0;
    let relayed = 0;
    try {
      let batches;
      do {
        batches = await store.pendingOutbox(batchSize);
        const events = batches.flatMap((batch) => batch.entries);
        seen += events.length;
        if (events.length === 0) break;
        // One Redis round trip for the whole read, not one per aggregate: with an add per aggregate the
        // relay was the slowest step of event delivery (npm run bench -- events).
        await this.queue.addBulk(events.map((event) => this.jobOf(event)));
        // Appended here only, never when a lost job is queued again: the stream's own de-duplication
        // marks are in Redis, and whatever lost the job lost them too.
        await this.options.stream?.append(events);
        const queuedAt = new Date();
        for (const batch of batches) {
          await store.markOutboxQueued(
            batch.aggregateId,
            batch.entries.map((entry) => entry.id),
            queuedAt,
          );
          relayed += batch.entries.length;
        }
      } while (batches.length === batchSize && !this.stopping);
      this.recovered(store);
    } catch (error) {
      this.failed(store, error);
    } finally {
      this.options.metrics?.outboxDepth.set({ collection: store.collectionName }, seen - relayed);
    }
  }

  /**
   * Asks the queue about every event queued longer than `confirmAfterMs`: a finished job (completed, or
   * failed for good and kept as a dead letter) is acknowledged, a job Redis no longer holds is queued
   * again, and a job still waiting or running is looked at again `confirmAfterMs` later. Each batch
   * costs one pipelined round trip of reads, so a long outage of a receiver costs one every
   * `confirmAfterMs`, not one per poll.
   */
  private async confirmStore(store: OutboxStore): Promise<void> {
    const batchSize = this.options.batchSize ?? 100;
    const queuedBefore = new Date(Date.now() - this.confirmAfterMs);
    let requeued = 0;
    try {
      let batches;
      do {
        batches = await store.queuedOutbox(queuedBefore, batchSize);
        const queued = batches.flatMap((batch) => batch.entries);
        if (queued.length === 0) break;
        const states = await this.deliveryStates(queued.map(({ entry }) => entry.id));
        const lost = queued.filter(({ entry }) => states.get(entry.id)?.state === 'lost');
        if (lost.length > 0) {
          // Queued again without the subscribers that had acknowledged it when last looked at.
          await this.queue.addBulk(lost.map(({ entry, deliveredTo }) => this.jobOf(entry, deliveredTo)));
        }
        requeued += lost.length;
        const checkedAt = new Date();
        for (const batch of batches) {
          const done: string[] = [];
          const open = new Map<string, { deliveredTo?: readonly string[]; ids: string[] }>();
          for (const { entry } of batch.entries) {
            const found = states.get(entry.id) as DeliveryState;
            if (found.state === 'done') {
              done.push(entry.id);
              continue;
            }
            const deliveredTo = found.state === 'open' ? found.deliveredTo : undefined;
            const key = JSON.stringify(deliveredTo ?? null);
            const group = open.get(key) ?? open.set(key, { deliveredTo, ids: [] }).get(key)!;
            group.ids.push(entry.id);
          }
          if (done.length > 0) await store.acknowledgeOutbox(batch.aggregateId, done);
          for (const { ids, deliveredTo } of open.values()) {
            await store.markOutboxQueued(batch.aggregateId, ids, checkedAt, deliveredTo);
          }
        }
      } while (batches.length === batchSize && !this.stopping);
    } catch (error) {
      // Recovery is told by the next drain of the store, which runs before every confirmation.
      this.failed(store, error);
    } finally {
      if (requeued > 0) {
        this.options.logger?.warn(
          { collection: store.collectionName, events: requeued },
          'events whose delivery jobs Redis lost were queued again',
        );
      }
    }
  }

  /**
   * Where each event's delivery job is: `done` once BullMQ stamped it finished (completed, or failed for
   * good), `lost` when Redis no longer holds it, `open` otherwise, with the subscribers that acknowledged
   * it when it was tried already. One pipelined round trip, and a second for the data of the open jobs
   * already tried. Read from the job's hash rather than with `getJobState`, which looks for the id in
   * the wait list, a walk of the whole backlog for every event of it.
   */
  private async deliveryStates(ids: readonly string[]): Promise<Map<string, DeliveryState>> {
    const states = new Map<string, DeliveryState>();
    const tried: string[] = [];
    // `ats` (attempts started), not `atm`: EventDeliveryWorker schedules its retries itself, which leaves
    // BullMQ's count of finished attempts at 0.
    const answers = await this.pipelined(ids, (pipeline, key) =>
      pipeline.hmget(key, 'finishedOn', 'timestamp', 'ats'),
    );
    ids.forEach((id, i) => {
      const [finishedOn, timestamp, attemptsStarted] = answers[i] as Array<string | null>;
      if (finishedOn) states.set(id, { state: 'done' });
      else if (!timestamp) states.set(id, { state: 'lost' });
      else if (Number(attemptsStarted ?? 0) > 0) tried.push(id);
      else states.set(id, { state: 'open' });
    });
    const data = await this.pipelined(tried, (pipeline, key) => pipeline.hget(key, 'data'));
    tried.forEach((id, i) => {
      const job = data[i] ? (JSON.parse(data[i] as string) as Partial<DeliveryJob>) : undefined;
      states.set(id, { state: 'open', ...(job?.deliveredTo ? { deliveredTo: job.deliveredTo } : {}) });
    });
    return states;
  }

  private async pipelined(
    ids: readonly string[],
    command: (pipeline: ChainableCommander, key: string) => unknown,
  ): Promise<unknown[]> {
    if (ids.length === 0) return [];
    const pipeline = this.options.connection.pipeline();
    for (const id of ids) command(pipeline, this.queue.toKey(id));
    const answers = (await pipeline.exec()) ?? [];
    return ids.map((_, i) => {
      const [error, value] = answers[i] ?? [new Error('Redis did not answer a pipelined read')];
      if (error) throw error;
      return value;
    });
  }

  private failed(store: OutboxStore, error: unknown): void {
    // One line when relaying starts failing, not one per poll while Redis is down.
    if (this.failing.has(store)) return;
    this.failing.add(store);
    this.options.logger?.error(
      { err: error, collection: store.collectionName },
      'outbox relay failed; events stay in the outbox and are retried every poll',
    );
  }

  private recovered(store: OutboxStore): void {
    if (!this.failing.delete(store)) return;
    this.options.logger?.info({ collection: store.collectionName }, 'outbox relay recovered');
  }
}

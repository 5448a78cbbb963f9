import { type Job, Worker } from 'bullmq';
import { CloudEvent, HTTP } from 'cloudevents';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServiceTokens } from '../auth/service-tokens';
import type { OutboxEntry } from '../data/outbox';
import type { HostedService } from '../hosting/hosted-service';
import type { Metrics } from '../ops/metrics';
import { DeliveryJob } from './delivery-job';

/** How an EventDeliveryWorker is wired and tuned. */
export interface EventDeliveryWorkerOptions {
  /** The service name; the queue is `<service>-events`, as for its OutboxRelay. */
  readonly service: string;
  /** A connection the caller owns and closes; BullMQ duplicates it, so it needs `maxRetriesPerRequest: null`. */
  readonly connection: Redis;
  /** BullMQ key prefix, the same as the relay's. Default `bull`. */
  readonly prefix?: string;
  /** URLs every CloudEvent is POSTed to (the subscriptions from configuration). */
  readonly subscribers: readonly string[];
  /** The Knative `K_SINK`, when the service runs as a Knative source; it gets every event too. */
  readonly sink?: string;
  /**
   * This service's bearer tokens, sent to every subscriber whose URL carries no Basic credentials; a 401
   * there is retried once with a new token. Without them, such deliveries carry no Authorization header.
   */
  readonly tokens?: ServiceTokens;
  /**
   * Tokens sent to the sink instead of `tokens`: a Knative Broker with OIDC expects a token of the
   * cluster's issuer for its own audience (K_SINK_TOKEN_FILE), not this service's OAuth token.
   */
  readonly sinkTokens?: ServiceTokens;
  /** How long one POST may take before it counts as failed. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Events delivered in parallel. Default 10. */
  readonly concurrency?: number;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

interface Subscriber {
  /** Without credentials: what logs and the job's `deliveredTo` show. */
  readonly url: string;
  /** Basic credentials from the configured URL; else the service's bearer token is sent. */
  readonly basic?: string;
  /** Its own bearer tokens (the sink's), instead of the service's. */
  readonly tokens?: ServiceTokens;
}

type Attempt =
  | { readonly subscriber: string; readonly ok: true }
  | { readonly subscriber: string; readonly ok: false; readonly reason: string };

/**
 * POSTs each CloudEvent the OutboxRelay queued to every subscriber, in binary content mode (`ce-*`
 * headers, the data as the JSON body). A 2xx is a delivery. When some subscribers fail, the job remembers
 * who already has the event and retries only the others, with the relay's exponential backoff; after the
 * last attempt the event is dead-lettered: one error line per subscriber, `deliveryFailures{deadLetter="true"}`,
 * and the job stays in the queue's failed set for operators to inspect or retry.
 */
export class EventDeliveryWorker implements HostedService {
  readonly name = 'event-delivery';
  private readonly subscribers: readonly Subscriber[];
  private worker?: Worker<DeliveryJob>;
  private stopping?: Promise<void>;

  constructor(private readonly options: EventDeliveryWorkerOptions) {
    const all = options.sink ? [...options.subscribers, options.sink] : options.subscribers;
    this.subscribers = [...new Set(all)].map((url) => ({
      ...toSubscriber(url),
      ...(url === options.sink && options.sinkTokens ? { tokens: options.sinkTokens } : {}),
    }));
  }

  async start(): Promise<void> {
    if (this.worker || this.stopping) return;
    this.worker = new Worker<DeliveryJob>(
      DeliveryJob.queueName(this.options.service),
      (job) => this.deliver(job),
      {
        connection: this.options.connection,
        ...(this.options.prefix ? { prefix: this.options.prefix } : {}),
        concurrency: this.options.concurrency ?? 10,
      },
    );
    this.worker.on('error', (error) =>
      this.options.logger?.warn({ err: error }, 'event delivery worker error'),
    );
    await this.worker.waitUntilReady();
  }

  stop(): Promise<void> {
    this.stopping ??= this.worker?.close() ?? Promise.resolve();
    return this.stopping;
  }

  /** Stops at once, as a crash would: deliveries under way stay active in Redis until their locks expire. */
  abandon(): Promise<void> {
    this.stopping ??= this.worker?.close(true) ?? Promise.resolve();
    return this.stopping;
  }

  private async deliver(job: Job<DeliveryJob>): Promise<void> {
    const { event, deliveredTo } = job.data;
    const pending = this.subscribers.filter((subscriber) => !deliveredTo.includes(subscriber.url));
    const attempts = await Promise.all(pending.map((subscriber) => this.post(subscriber, event)));
    const delivered = attempts.filter((attempt) => attempt.ok).map((attempt) => attempt.subscriber);
    const failed = attempts.filter((attempt) => !attempt.ok);

    if (delivered.length > 0)
      this.options.metrics?.eventsDelivered.inc({ type: event.type }, delivered.length);
    if (failed.length === 0) return;
    if (delivered.length > 0) await job.updateData({ event, deliveredTo: [...deliveredTo, ...delivered] });

    const attempt = job.attemptsMade + 1;
    const deadLetter = attempt >= (job.opts.attempts ?? 1);
    this.options.metrics?.deliveryFailures.inc(
      { type: event.type, deadLetter: String(deadLetter) },
      failed.length,
    );
    for (const { subscriber, reason } of failed) {
      const fields = { eventId: event.id, type: event.type, subscriber, attempt, reason };
      if (deadLetter)
        this.options.logger?.error(fields, 'CloudEvent dead-lettered: delivery attempts exhausted');
      else this.options.logger?.warn(fields, 'CloudEvent delivery failed; will retry');
    }
    throw new Error(
      `CloudEvent ${event.id} (${event.type}) was not delivered to ${failed.map((f) => f.subscriber).join(', ')}`,
    );
  }

  private async post(
    { url, basic, tokens = this.options.tokens }: Subscriber,
    event: OutboxEntry,
  ): Promise<Attempt> {
    const message = HTTP.binary(new CloudEvent({ ...event }, false));
    try {
      const request: RequestInit = {
        method: 'POST',
        headers: {
          ...(message.headers as Record<string, string>),
          ...(basic ? { authorization: basic } : {}),
        },
        body: message.body as string,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      };
      const response = tokens && !basic ? await tokens.fetch(url, request) : await fetch(url, request);
      // The body is not needed, but unread bodies keep the socket busy.
      await response.body?.cancel();
      if (response.ok) return { subscriber: url, ok: true };
      return { subscriber: url, ok: false, reason: `HTTP ${response.status}` };
    } catch (error) {
      return { subscriber: url, ok: false, reason: describe(error) };
    }
  }
}

/** A short reason for a failed POST: fetch hides the useful part (ECONNREFUSED, timeout) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * Splits `https://user:password@host/path` into the URL and a basic-auth header: fetch refuses URLs with
 * credentials, and the URL without them is what logs, metrics and the job data may show.
 */
function toSubscriber(configured: string): Subscriber {
  const parsed = URL.parse(configured);
  if (!parsed || (!parsed.username && !parsed.password)) return { url: configured };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), basic: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

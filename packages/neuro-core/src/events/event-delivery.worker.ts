import { Backoffs, DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { CloudEvent, HTTP } from 'cloudevents';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServiceTokens } from '../auth/service-tokens';
import type { OutboxEntry } from '../data/outbox';
import type { HostedService } from '../hosting/hosted-service';
import type { Metrics } from '../ops/metrics';
import { DeliveryJob } from './delivery-job';
import { retryAfterMs } from './retry-after';
import { SpanKind, contextOf, inSpan, withTraceHeaders } from '../ops/tracing';

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
  | {
      readonly subscriber: string;
      readonly ok: false;
      readonly reason: string;
      /** What a 429 or 503 asked for in `Retry-After` (capped), when it asked. */
      readonly retryAfterMs?: number;
    };

/**
 * POSTs each CloudEvent the OutboxRelay queued to every subscriber, in binary content mode (`ce-*`
 * headers, the data as the JSON body). A 2xx is a delivery. When some subscribers fail, the job remembers
 * who already has the event and retries only the others: the next attempt waits the relay's backoff for
 * this attempt (exponential), or longer when a subscriber answered 429 or 503 with `Retry-After` — then
 * the longest one asked for (each capped at 5 minutes), so no attempt is spent before a receiver said it
 * could take the event. After the last attempt (every start of the job counts) the event is dead-lettered:
 * one error line per subscriber, `deliveryFailures{deadLetter="true"}`, `lcm_events_dead_lettered_total`,
 * and the job stays in the queue's failed set for operators to inspect or retry.
 *
 * The worker schedules retries itself (`moveToDelayed`) rather than through a custom BullMQ backoff type:
 * jobs keep the relay's built-in `exponential` option, so during a rolling upgrade a worker of the previous
 * version takes them as before and merely ignores `Retry-After`. Such a worker counts attempts by
 * BullMQ's `attemptsMade`, which the retries scheduled here do not advance, so a job handed from new
 * workers to an old one may get up to `attempts` more tries from it: more than configured, still bounded.
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
      (job, token) => this.deliver(job, token),
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

  private async deliver(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const { event, deliveredTo } = job.data;
    const pending = this.subscribers.filter((subscriber) => !deliveredTo.includes(subscriber.url));
    const attempts = await Promise.all(
      pending.map((subscriber) =>
        inSpan(
          `deliver ${event.type}`,
          SpanKind.PRODUCER,
          {
            'cloudevents.event_type': event.type,
            'cloudevents.event_id': event.id,
            'server.address': subscriber.url,
          },
          (span) =>
            this.post(subscriber, event).then((attempt) => {
              if (!attempt.ok) span.setAttribute('error.type', attempt.reason);
              return attempt;
            }),
          event.traceparent ? contextOf({ traceparent: event.traceparent }) : undefined,
        ),
      ),
    );
    const delivered = attempts.filter((attempt) => attempt.ok).map((attempt) => attempt.subscriber);
    const failed = attempts.filter((attempt) => !attempt.ok);

    if (delivered.length > 0)
      this.options.metrics?.eventsDelivered.inc({ type: event.type }, delivered.length);
    if (failed.length === 0) {
      const happened = event.time ? Date.parse(event.time) : Number.NaN;
      if (!Number.isNaN(happened))
        this.options.metrics?.deliveryLag.observe(
          { type: event.type },
          Math.max(0, (Date.now() - happened) / 1000),
        );
      return;
    }
    if (delivered.length > 0) await job.updateData({ event, deliveredTo: [...deliveredTo, ...delivered] });

    // Every start is an attempt, retries scheduled here included (they leave `attemptsMade` alone).
    const attempt = Math.max(job.attemptsStarted, job.attemptsMade + 1);
    const deadLetter = attempt >= (job.opts.attempts ?? 1);
    const retryInMs = deadLetter ? undefined : await nextAttemptInMs(job, attempt, failed);
    this.options.metrics?.deliveryFailures.inc(
      { type: event.type, deadLetter: String(deadLetter) },
      failed.length,
    );
    if (deadLetter) this.options.metrics?.deadLetters.inc({ type: event.type });
    for (const { subscriber, reason } of failed) {
      const fields = { eventId: event.id, type: event.type, subscriber, attempt, reason };
      if (deadLetter)
        this.options.logger?.error(fields, 'CloudEvent dead-lettered: delivery attempts exhausted');
      else this.options.logger?.warn({ ...fields, retryInMs }, 'CloudEvent delivery failed; will retry');
    }
    const message = `CloudEvent ${event.id} (${event.type}) was not delivered to ${failed.map((f) => f.subscriber).join(', ')}`;
    if (retryInMs === undefined) throw new UnrecoverableError(message);
    await job.moveToDelayed(Date.now() + retryInMs, token);
    throw new DelayedError(message);
  }

  private async post(
    { url, basic, tokens = this.options.tokens }: Subscriber,
    event: OutboxEntry,
  ): Promise<Attempt> {
    const message = HTTP.binary(new CloudEvent({ ...event }, false));
    const timeoutMs = this.options.timeoutMs ?? 5000;
    // Not AbortSignal.timeout: its timer would stay armed after every delivery until it fired.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const request: RequestInit = {
        method: 'POST',
        headers: withTraceHeaders({
          ...(message.headers as Record<string, string>),
          ...(basic ? { authorization: basic } : {}),
        }),
        body: message.body as string,
        signal: timeout.signal,
      };
      const response = tokens && !basic ? await tokens.fetch(url, request) : await fetch(url, request);
      // Read to its end (a short answer, within the timeout) so the connection serves the next delivery;
      // cancelling the body instead costs an AbortError each time.
      await response.arrayBuffer();
      if (response.ok) return { subscriber: url, ok: true };
      const reason = `HTTP ${response.status}`;
      if (response.status !== 429 && response.status !== 503) return { subscriber: url, ok: false, reason };
      const retryAfter = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return {
        subscriber: url,
        ok: false,
        reason,
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      };
    } catch (error) {
      return { subscriber: url, ok: false, reason: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * When the next attempt of a job whose `attempt`-th try `failed` is due: the relay's backoff for it, or
 * the longest `Retry-After` among the failed subscribers if that is longer. A `Retry-After` shorter than
 * the backoff does not shorten it: the backoff is what lets a bounded number of attempts ride out a long
 * outage (or overload that keeps answering `Retry-After: 2`), and a receiver that asked before and still
 * refused has shown its estimate to be optimistic.
 */
async function nextAttemptInMs(
  job: Job<DeliveryJob>,
  attempt: number,
  failed: readonly Attempt[],
): Promise<number> {
  const backoff = job.opts.backoff === undefined ? undefined : Backoffs.normalize(job.opts.backoff);
  const backoffMs = (backoff && (await Backoffs.calculate(backoff, attempt, new Error(), job))) || 0;
  const asked = failed.map((f) => (f.ok ? undefined : f.retryAfterMs)).filter((ms) => ms !== undefined);
  return Math.max(backoffMs, ...asked);
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

import type { Redis } from 'ioredis';
import type { OutboxEntry } from '../data/outbox';

/** How an EventStream is named and bounded. */
export interface EventStreamOptions {
  /** The service name; the key is `<prefix>:<service>:event-stream`. */
  readonly service: string;
  readonly connection: Redis;
  /** Redis key prefix (REDIS_PREFIX). */
  readonly prefix: string;
  /**
   * About how many events the stream keeps (Redis trims whole nodes, so a few more may stay). Default
   * 10,000: hours of a busy fleet, enough for a console that reconnects to miss nothing.
   */
  readonly maxLength?: number;
  /** How long an appended event id is remembered, so a second relay of it adds nothing. Default a day. */
  readonly dedupeTtlSeconds?: number;
}

/** One event of the stream: its stream id (the SSE `id`, what `Last-Event-ID` names) and the CloudEvent. */
export interface StreamedEvent {
  readonly id: string;
  readonly event: OutboxEntry;
}

// Appends only events whose id was not appended before: replicas relay the same outboxes, and a crash
// between the append and the outbox acknowledgement relays a batch again.
const APPEND_ONCE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[3])
end
return false`;

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/**
 * The CloudEvents a service emitted, newest last, in a capped Redis stream shared by its replicas: the
 * outbox relay appends, `GET /api/events/stream` reads, so any replica serves any subscriber and a
 * subscriber resumes from the stream id it saw last.
 */
export class EventStream {
  readonly key: string;

  constructor(private readonly options: EventStreamOptions) {
    this.key = `${options.prefix}:${options.service}:event-stream`;
  }

  /** Whether `id` has the shape of a stream id (what a client may send as `Last-Event-ID`). */
  static isId(id: string): boolean {
    return STREAM_ID.test(id);
  }

  /**
   * Appends the events not appended before, oldest first, in one round trip: the relay appends every batch
   * it queued, and one call per event made the append the slowest step of a relay (`npm run bench -- events`).
   */
  async append(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ttl = String(this.options.dedupeTtlSeconds ?? 24 * 3600);
    const maxLength = String(this.options.maxLength ?? 10_000);
    const pipeline = this.options.connection.pipeline();
    for (const entry of entries) {
      pipeline.eval(
        APPEND_ONCE,
        2,
        this.key,
        `${this.key}:appended:${entry.id}`,
        ttl,
        maxLength,
        JSON.stringify(entry),
      );
    }
    const failed = (await pipeline.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  /** Up to `count` events after stream id `after`, oldest first. */
  async after(after: string, count: number): Promise<StreamedEvent[]> {
    const entries = await this.options.connection.xrange(this.key, `(${after}`, '+', 'COUNT', count);
    return entries.map(toStreamed);
  }

  /** The last `count` events, oldest first. */
  async last(count: number): Promise<StreamedEvent[]> {
    if (count === 0) return [];
    const entries = await this.options.connection.xrevrange(this.key, '+', '-', 'COUNT', count);
    return entries.reverse().map(toStreamed);
  }

  /** The id of the newest event, or `0-0` when the stream is empty. */
  async lastId(): Promise<string> {
    const [newest] = await this.last(1);
    return newest?.id ?? '0-0';
  }
}

function toStreamed([id, fields]: [string, string[]]): StreamedEvent {
  const at = fields.indexOf('event');
  return { id, event: JSON.parse(fields[at + 1] as string) as OutboxEntry };
}

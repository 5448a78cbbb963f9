import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HostedService } from '../hosting/hosted-service';
import type { EventStream } from './event-stream';

/** One open `GET /api/events/stream`, as the hub sees it. */
export interface StreamSubscriber {
  /** Something was appended: read on from your own cursor. */
  wake(): void;
  /** The service is shutting down: end the response. */
  end(): void;
}

/** How an EventStreamHub is wired. */
export interface EventStreamHubOptions {
  readonly stream: EventStream;
  /** The service's connection; the hub blocks on a duplicate of it, opened with the first subscriber. */
  readonly connection: Redis;
  /** How long one blocking read waits before it starts again. Default 10 s. */
  readonly blockMs?: number;
  readonly logger?: Logger;
}

/**
 * Wakes this replica's stream subscribers when the shared stream grows: one blocking `XREAD` per replica,
 * however many subscribers, each of whom then reads on from its own cursor. Stopping it ends every open
 * stream first, so a shutdown's drain is not held up by long-lived responses.
 */
export class EventStreamHub implements HostedService {
  readonly name = 'event-stream-hub';
  private readonly subscribers = new Set<StreamSubscriber>();
  private reader?: Redis;
  private listening?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: EventStreamHubOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
  }

  subscribe(subscriber: StreamSubscriber): () => void {
    if (this.stopped) {
      subscriber.end();
      return () => undefined;
    }
    this.subscribers.add(subscriber);
    // A reader that could not connect has ended; the next subscriber tries again.
    this.listening ??= this.listen().finally(() => {
      this.listening = undefined;
    });
    return () => this.subscribers.delete(subscriber);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    // Not waiting for the reader: a blocked XREAD returns only at its timeout, and it reads nothing more.
    this.reader?.disconnect();
  }

  private async listen(): Promise<void> {
    const { stream, connection, logger } = this.options;
    const reader = connection.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
    this.reader = reader;
    let failing = false;
    try {
      await reader.connect();
      let cursor = await stream.lastId();
      while (!this.stopped) {
        try {
          const answer = await reader.xread(
            'BLOCK',
            this.options.blockMs ?? 10_000,
            'STREAMS',
            stream.key,
            cursor,
          );
          failing = false;
          const entries = answer?.[0]?.[1] ?? [];
          if (entries.length === 0) continue;
          cursor = (entries[entries.length - 1] as [string, string[]])[0];
          for (const subscriber of this.subscribers) subscriber.wake();
        } catch (error) {
          if (this.stopped) break;
          if (!failing) logger?.warn({ err: error }, 'event stream: reading Redis failed; retrying');
          failing = true;
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        }
      }
    } catch (error) {
      if (!this.stopped) logger?.error({ err: error }, 'event stream: cannot open its Redis connection');
    } finally {
      reader.disconnect();
    }
  }
}

import { BodySink } from './body-sink';

/** One CloudEvent as the spy received it. */
export interface SeenEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly data: Record<string, unknown>;
  /** When the sender says it happened (`ce-time`). */
  readonly time?: string;
  /** The trace the event belongs to (`ce-traceparent`, the distributed-tracing extension). */
  readonly traceparent?: string;
  /** The sender's Authorization header. */
  readonly authorization?: string;
  readonly receivedAt: number;
}

/**
 * A CloudEvents sink the services post every event to (their K_SINK), so the test sees each hop as a
 * subscriber would. Binary mode only, which is what the services send.
 */
export class EventSpy {
  readonly events: SeenEvent[] = [];
  /** While true, every delivery is answered 503 and not recorded, as a subscriber that is down. */
  refusing = false;
  private readonly sink = new BodySink((req, body, res) => {
    if (this.refusing) {
      res.writeHead(503).end();
      return;
    }
    const header = (name: string) => req.headers[name] as string | undefined;
    this.events.push({
      id: header('ce-id') ?? '',
      source: header('ce-source') ?? '',
      type: header('ce-type') ?? '',
      subject: header('ce-subject'),
      data: body ? (JSON.parse(body) as Record<string, unknown>) : {},
      time: header('ce-time'),
      traceparent: header('ce-traceparent'),
      authorization: req.headers.authorization,
      receivedAt: Date.now(),
    });
    res.writeHead(202).end();
  });

  async start(): Promise<string> {
    return `${await this.sink.start()}/`;
  }

  /** Events of these types (prefix match with a trailing `*`), in the order received. */
  of(...types: string[]): SeenEvent[] {
    return this.events.filter((e) =>
      types.some((t) => (t.endsWith('*') ? e.type.startsWith(t.slice(0, -1)) : e.type === t)),
    );
  }

  /** Waits until an event matches, naming the missing event when it never comes. */
  async waitFor(
    type: string,
    match: (event: SeenEvent) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<SeenEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.type === type && match(e));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = [...new Set(this.events.map((e) => e.type))].join(', ') || 'none';
        throw new Error(`no ${type} event within ${timeoutMs / 1000} s (types seen so far: ${seen})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}

import { type ServiceName, serviceUrl } from './service-name';
import { parseSse } from './sse-parser';
import type { CloudEvent, StreamedEvent } from './types';

/** How to follow one service's `GET /api/events/stream`. */
export interface EventStreamOptions {
  readonly service: ServiceName;
  readonly token: () => string | undefined;
  /** Events already in the stream to show first. */
  readonly tail?: number;
  readonly onEvent: (event: StreamedEvent) => void;
  readonly onConnected?: (connected: boolean) => void;
  /** Wait before reconnecting. Default 2 s. */
  readonly retryMs?: number;
}

/**
 * Follows a service's event stream with `fetch`, so the token travels in the `Authorization` header
 * (EventSource cannot send one), and reconnects with `Last-Event-ID` so nothing is missed. Returns the
 * function that stops it.
 */
export function followEventStream(options: EventStreamOptions): () => void {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const token = options.token();
        const query = lastEventId === undefined && options.tail ? `?tail=${options.tail}` : '';
        const response = await fetch(serviceUrl(options.service, `/api/events/stream${query}`), {
          headers: {
            accept: 'text/event-stream',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          signal: abort.signal,
        });
        if (response.ok && response.body) {
          options.onConnected?.(true);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            const parsed = parseSse(buffer + value);
            buffer = parsed.rest;
            for (const message of parsed.messages) {
              if (message.id) lastEventId = message.id;
              options.onEvent({ streamId: message.id ?? '', event: JSON.parse(message.data) as CloudEvent });
            }
          }
        }
      } catch {
        // A dropped connection (or the stop) ends up here; the loop decides.
      }
      options.onConnected?.(false);
      if (abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 2000));
    }
  };
  void run();
  return () => abort.abort();
}

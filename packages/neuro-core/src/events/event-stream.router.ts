import { type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/authenticator';
import { problem } from '../core/problem-details';
import { sendProblem } from '../hosting/send-problem';
import { EventStream, type StreamedEvent } from './event-stream';
import type { EventStreamHub } from './event-stream-hub';
import { type EventVisibility, canSee } from './event-visibility';

/** The path every service serves its event stream on. */
export const EVENT_STREAM_PATH = '/api/events/stream';

/** How the event stream route is wired. */
export interface EventStreamRouterOptions {
  readonly stream: EventStream;
  readonly hub: EventStreamHub;
  readonly authenticator: Authenticator;
  readonly visibleTo?: EventVisibility;
  /** How often a comment line keeps idle proxies from closing the response. Default 15 s. */
  readonly heartbeatMs?: number;
  readonly logger?: Logger;
}

const BATCH = 500;
const MAX_TAIL = 1000;

/**
 * `GET /api/events/stream`: Server-Sent Events of the CloudEvents this service emitted, each as
 * `id: <stream id>` and `data: <structured CloudEvent>`, filtered by the caller's role. It starts after
 * the `Last-Event-ID` header's event (a reconnecting client misses nothing the stream still holds), else
 * with the last `?tail=` events (default none), then follows live. The bearer token goes in the
 * `Authorization` header as on every route; it is never read from the URL.
 */
export function createEventStreamRouter(options: EventStreamRouterOptions): Router {
  const router = Router();
  router.get(EVENT_STREAM_PATH, (req, res, next) => {
    serve(req, res, options).catch(next);
  });
  return router;
}

async function serve(req: Request, res: Response, options: EventStreamRouterOptions): Promise<void> {
  const authenticated = await options.authenticator.authenticate(req.headers.authorization);
  if (!authenticated.ok) {
    if (authenticated.status === 401) {
      res.set('WWW-Authenticate', req.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer');
    }
    return sendProblem(req, res, authenticated.problem);
  }
  const user = authenticated.value;
  const lastEventId = req.get('last-event-id');
  if (lastEventId !== undefined && !EventStream.isId(lastEventId)) {
    return sendProblem(req, res, problem(400, 'Last-Event-ID must be a stream id like 1700000000000-0'));
  }
  const tail = req.query['tail'] === undefined ? 0 : Number(req.query['tail']);
  if (!Number.isInteger(tail) || tail < 0 || tail > MAX_TAIL) {
    return sendProblem(req, res, problem(400, `tail must be a whole number from 0 to ${MAX_TAIL}`));
  }

  let cursor: string | undefined;
  let pumping: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const send = (streamed: StreamedEvent) => {
    if (canSee(streamed.event, user, options.visibleTo)) {
      res.write(`id: ${streamed.id}\ndata: ${JSON.stringify(streamed.event)}\n\n`);
    }
  };
  const pump = async () => {
    do {
      again = false;
      let batch: StreamedEvent[];
      do {
        batch = await options.stream.after(cursor as string, BATCH);
        for (const streamed of batch) {
          if (closed) return;
          send(streamed);
          cursor = streamed.id;
        }
      } while (batch.length === BATCH);
    } while (again && !closed);
  };
  const wake = () => {
    // Until the starting point is known, the catch-up read after it covers what this wake-up announced.
    if (closed || cursor === undefined) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump()
      .catch((error: unknown) => options.logger?.warn({ err: error }, 'event stream: a read failed'))
      .finally(() => {
        pumping = undefined;
      });
  };
  // Subscribed before anything is awaited, so a shutdown from now on ends this response.
  const unsubscribe = options.hub.subscribe({ wake, end: () => res.end() });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  res.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  });
  if (res.writableEnded) return;

  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // nginx (and the Ingress controllers built on it) would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');

  if (lastEventId !== undefined) {
    cursor = lastEventId;
  } else {
    const recent = await options.stream.last(tail);
    if (closed) return;
    recent.forEach(send);
    cursor = recent.at(-1)?.id ?? (await options.stream.lastId());
  }
  // Catch up with what was appended since the starting point was taken.
  wake();
}

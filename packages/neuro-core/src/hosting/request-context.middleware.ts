import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics';
import { startServerSpan } from '../ops/tracing';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (`x-request-id`), on every log line the request produces. */
    id: string;
    /** A child logger carrying the request id; created on first use only. */
    log: Logger;
  }
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;
const QUIET_PATHS = /^\/(health\/|metrics(\?|$))/;

/**
 * The response headers a JSON API needs (OWASP REST cheat sheet): no MIME sniffing, no framing, no caching
 * of personal data. Swagger UI gets helmet's fuller set on its own router.
 */
export const SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "frame-ancestors 'none'"],
  ['Cache-Control', 'no-store'],
];

const BASE_LOGGER = Symbol('lcm.baseLogger');
const CHILD_LOGGER = Symbol('lcm.childLogger');
type WithLoggers = IncomingMessage & { [BASE_LOGGER]?: Logger; [CHILD_LOGGER]?: Logger };

// `req.log` is a getter on the prototype, defined once: an accessor defined per request would turn every
// request object into a slow dictionary-mode object, and most requests never log past the access line.
Object.defineProperty(IncomingMessage.prototype, 'log', {
  configurable: true,
  get(this: WithLoggers): Logger | undefined {
    const base = this[BASE_LOGGER];
    if (!base) return undefined;
    return (this[CHILD_LOGGER] ??= base.child({ requestId: this.id }));
  },
});

/**
 * Everything done once per request, in one middleware because each extra express layer costs throughput:
 * a request id (a sane incoming `x-request-id`, else a new uuid, always echoed), security headers, the
 * HTTP duration metric by route pattern, and one access log line per finished request — method, path,
 * status, duration, request id, never headers, so tokens and cookies cannot leak. Health and metrics
 * probes are not logged. The per-request child logger is built lazily: most requests never use it.
 */
export function requestContext(logger: Logger, metrics?: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('x-request-id', id);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    (req as WithLoggers)[BASE_LOGGER] = logger;

    const started = performance.now();
    const quiet = QUIET_PATHS.test(req.url);
    const span = quiet ? undefined : startServerSpan(req.method, req.headers);
    // `on`, not `once`: 'finish' is emitted once anyway, and `once` wraps the listener in another closure.
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      // The matched pattern, never the raw path, so ids cannot explode the series count.
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched';
      span?.end(route, res.statusCode);
      if (metrics)
        metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const level = res.statusCode >= 500 ? 'error' : 'info';
      if (quiet || !logger.isLevelEnabled(level)) return;
      logger[level](
        {
          requestId: id,
          req: { method: req.method, url: req.originalUrl.split('?')[0] },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(seconds * 1e5) / 100,
        },
        'request completed',
      );
    });
    if (span) span.run(next);
    else next();
  };
}

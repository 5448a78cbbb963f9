import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { problem } from '../core/problem-details';
import type { Metrics } from '../ops/metrics';
import type { InFlightLimits } from './in-flight-limits';
import { SECURITY_HEADERS } from './request-context.middleware';
import { sendProblem } from './send-problem';

/** At most one warning per pool in this interval, however many requests it sheds. */
const WARN_INTERVAL_MS = 10_000;

// Never shed: readiness and metrics must answer under load (that is when they matter), and an event
// stream is one long-lived connection that would hold a slot for as long as a client watches.
const UNBOUNDED = /^\/(health\/|metrics(\?|$)|api\/events\/stream(\?|$))/;
const EVENTS = /^\/events(\?|$)/;

type PoolName = keyof InFlightLimits;

interface Pool {
  readonly name: PoolName;
  readonly limit: number;
  inFlight: number;
  shedSinceWarning: number;
  lastWarning: number;
}

/**
 * Load shedding, the app's first middleware: a request beyond its pool's limit is answered at once
 * `503` problem+json with `Retry-After`, before it is logged, authenticated or its body read, so a refused
 * request costs almost nothing and changes nothing. Memory then stays bounded by the limits instead of
 * growing with the queue of waiting requests. A slot is given back when the response ends or its
 * connection is cut. Shed requests are counted in `lcm_http_requests_shed_total{pool}` and summed up in
 * one warning per pool per 10 s, not one access line each: an overloaded process has no time to log.
 */
export function loadShedding(limits: InFlightLimits, logger: Logger, metrics?: Metrics): RequestHandler {
  const pool = (name: PoolName): Pool => ({
    name,
    limit: limits[name],
    inFlight: 0,
    shedSinceWarning: 0,
    lastWarning: Number.NEGATIVE_INFINITY,
  });
  const requests = pool('requests');
  const events = pool('events');
  const shed = (req: Request, res: Response, full: Pool) => {
    metrics?.requestsShed.inc({ pool: full.name });
    full.shedSinceWarning++;
    const now = Date.now();
    if (now - full.lastWarning >= WARN_INTERVAL_MS) {
      logger.warn(
        { pool: full.name, limit: full.limit, shed: full.shedSinceWarning },
        'overloaded: shedding requests with 503',
      );
      full.lastWarning = now;
      full.shedSinceWarning = 0;
    }
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    // `Retry-After` is sendProblem's, as on every 503.
    sendProblem(
      req,
      res,
      problem(503, `this service is handling ${full.limit} ${full.name} at once; retry later`),
    );
  };
  return (req, res, next) => {
    if (UNBOUNDED.test(req.url)) return next();
    const own = EVENTS.test(req.url) ? events : requests;
    if (own.inFlight >= own.limit) return shed(req, res, own);
    own.inFlight++;
    // `on`, not `once`: 'close' is emitted once anyway, and `once` wraps the listener in another closure.
    res.on('close', () => own.inFlight--);
    next();
  };
}

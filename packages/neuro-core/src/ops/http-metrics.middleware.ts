import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

/**
 * Times every HTTP request into `lcm_http_request_duration_seconds`. The route label is the matched
 * pattern (`/api/workers/:id`), never the raw path, so ids do not explode the series count; requests no
 * route matched share the label `unmatched`.
 */
export function httpMetricsMiddleware(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || 'unmatched';
      stop({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

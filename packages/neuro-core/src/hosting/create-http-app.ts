import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/authenticator';
import { createApiDocsRouter } from '../ops/api-docs.router';
import type { HealthCheck } from '../ops/health-check';
import { createHealthRouter } from '../ops/health.router';
import type { Metrics } from '../ops/metrics';
import { createMetricsRouter } from '../ops/metrics.router';
import { type OpenApiInfo, createOpenApiDocument } from '../ops/openapi-document';
import { type ControllerClass, type ControllerResolver, mountControllers } from './controller-router';
import { DEFAULT_IN_FLIGHT_LIMITS, type InFlightLimits } from './in-flight-limits';
import { loadShedding } from './load-shedding.middleware';
import { notFoundHandler } from './not-found-handler';
import { requestContext } from './request-context.middleware';
import { problemErrorHandler } from './problem-error-handler';

/** Everything a service's HTTP app is made of. */
export interface HttpAppOptions {
  readonly logger: Logger;
  readonly controllers?: readonly ControllerClass[];
  /** Builds the controllers: the service's Container (controllers are auto-bound) or a function. */
  readonly resolve?: ControllerResolver;
  /** Checks tokens; required as soon as one route is not anonymous. */
  readonly authenticator?: Authenticator;
  /** Feeds the HTTP histogram and serves `/metrics` when given. */
  readonly metrics?: Metrics;
  readonly healthChecks?: readonly HealthCheck[];
  readonly healthTimeoutMs?: number;
  /** Routers mounted at the root as they are, e.g. the CloudEvents `POST /events` or the dev issuer's JWKS. */
  readonly routers?: readonly Router[];
  /** Largest accepted JSON body. Default `'1mb'`; larger bodies get 413. */
  readonly bodyLimit?: string;
  /**
   * Requests handled at once before more are refused with 503 + `Retry-After` (health, metrics and the
   * event stream are never refused). Default `DEFAULT_IN_FLIGHT_LIMITS`.
   */
  readonly inFlightLimits?: InFlightLimits;
  /** The OpenAPI `info`; `false` serves no `/api/docs`. */
  readonly docs?: OpenApiInfo | false;
}

/**
 * Builds a service's express app: load shedding, one per-request middleware (request id, security headers, metrics,
 * access log without headers), the controllers under `/api`, health and metrics endpoints, the extra
 * routers, the OpenAPI docs with Swagger UI, and problem+json for every error.
 * Controllers are built here, so wiring mistakes surface at start-up rather than on the first request.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every response is `Cache-Control: no-store`, so no client revalidates: an ETag would be a hash per
  // response that nobody reads.
  app.disable('etag');
  // First, so a refused request costs nothing else.
  app.use(loadShedding(options.inFlightLimits ?? DEFAULT_IN_FLIGHT_LIMITS, options.logger, options.metrics));
  app.use(requestContext(options.logger, options.metrics));
  // Controllers first and straight on the app: they carry nearly all traffic, and every router before
  // them (or around them) is walked per request.
  const routes = mountControllers(app, {
    controllers: options.controllers ?? [],
    resolve: options.resolve,
    authenticator: options.authenticator,
    bodyLimit: options.bodyLimit ?? '1mb',
  });
  app.use(createHealthRouter({ checks: options.healthChecks, timeoutMs: options.healthTimeoutMs }));
  if (options.metrics) app.use(createMetricsRouter(options.metrics));
  for (const router of options.routers ?? []) app.use(router);
  if (options.docs !== false) {
    const info = options.docs ?? { title: 'API', version: '0.0.0' };
    app.use(createApiDocsRouter(createOpenApiDocument(routes, info)));
  }
  app.use(notFoundHandler());
  app.use(problemErrorHandler());
  return app;
}

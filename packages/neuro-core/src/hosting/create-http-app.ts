import { randomUUID } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Authenticator } from '../auth/authenticator';
import { createApiDocsRouter } from '../ops/api-docs.router';
import type { HealthCheck } from '../ops/health-check';
import { createHealthRouter } from '../ops/health.router';
import { httpMetricsMiddleware } from '../ops/http-metrics.middleware';
import type { Metrics } from '../ops/metrics';
import { createMetricsRouter } from '../ops/metrics.router';
import { type OpenApiInfo, createOpenApiDocument } from '../ops/openapi-document';
import { type ControllerClass, type ControllerResolver, createControllerRouter } from './controller-router';
import { notFoundHandler } from './not-found-handler';
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
  /** The OpenAPI `info`; `false` serves no `/api/docs`. */
  readonly docs?: OpenApiInfo | false;
}

const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;
const REDACTED_HEADERS = new Set(['authorization', 'cookie', 'set-cookie']);

/**
 * Builds a service's express app: helmet, request ids (`x-request-id`, accepted when sane, else a new
 * uuid, always echoed), pino-http access logs without credentials, health and metrics endpoints, the
 * extra routers, the controllers under `/api` and their OpenAPI docs, and problem+json for every error.
 * Controllers are built here, so wiring mistakes surface at start-up rather than on the first request.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health/') },
      serializers: {
        req: (req: { headers: Record<string, unknown> }) => ({
          ...req,
          headers: withoutCredentials(req.headers),
        }),
        res: (res: { headers: Record<string, unknown> }) => ({
          ...res,
          headers: withoutCredentials(res.headers),
        }),
      },
    }),
  );
  if (options.metrics) app.use(httpMetricsMiddleware(options.metrics));
  // TLS usually ends at the ingress: upgrading requests would break Swagger UI on plain-http addresses.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(createHealthRouter({ checks: options.healthChecks, timeoutMs: options.healthTimeoutMs }));
  if (options.metrics) app.use(createMetricsRouter(options.metrics));
  for (const router of options.routers ?? []) app.use(router);
  const controllers = createControllerRouter({
    controllers: options.controllers ?? [],
    resolve: options.resolve,
    authenticator: options.authenticator,
    bodyLimit: options.bodyLimit ?? '1mb',
  });
  if (options.docs !== false) {
    const info = options.docs ?? { title: 'API', version: '0.0.0' };
    app.use(createApiDocsRouter(createOpenApiDocument(controllers.routes, info)));
  }
  app.use(controllers.router);
  app.use(notFoundHandler());
  app.use(problemErrorHandler());
  return app;
}

function withoutCredentials(headers: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, REDACTED_HEADERS.has(name) ? '[redacted]' : value]),
  );
}

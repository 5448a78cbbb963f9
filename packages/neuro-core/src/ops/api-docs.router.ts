import { type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';

/** Serves the OpenAPI document at `/api/docs/openapi.json` and Swagger UI on it at `/api/docs`. */
export function createApiDocsRouter(document: Record<string, unknown>): Router {
  const router = Router();
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.json(document);
  });
  // serveFiles, not serve: serve keeps one document per process, and tests run several apps at once.
  // Swagger UI is an HTML page: it gets helmet's full header set, with the CSP loosened only as far as the
  // page needs (no upgrade of requests, since TLS usually ends at the ingress).
  router.use(
    '/api/docs',
    helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }),
    allowCaching,
    swaggerUi.serveFiles(document),
    swaggerUi.setup(document),
  );
  return router;
}

const allowCaching: RequestHandler = (_req, res, next) => {
  res.removeHeader('Cache-Control');
  next();
};

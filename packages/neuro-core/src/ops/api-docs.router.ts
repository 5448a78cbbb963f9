import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';

/** Serves the OpenAPI document at `/api/docs/openapi.json` and Swagger UI on it at `/api/docs`. */
export function createApiDocsRouter(document: Record<string, unknown>): Router {
  const router = Router();
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.json(document);
  });
  // serveFiles, not serve: serve keeps one document per process, and tests run several apps at once.
  router.use('/api/docs', swaggerUi.serveFiles(document), swaggerUi.setup(document));
  return router;
}

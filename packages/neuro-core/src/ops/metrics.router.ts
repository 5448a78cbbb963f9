import { Router } from 'express';
import type { Metrics } from './metrics';

/** Serves `/metrics`: the service's Prometheus registry in the text exposition format. */
export function createMetricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

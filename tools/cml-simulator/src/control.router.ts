import express, { type Router } from 'express';
import type { ExchangeLog } from './exchange-log';
import type { FaultInjector, FaultRule } from './fault-injector';
import type { SimulatedController } from './simulated-controller';

/**
 * The simulator's own API under `/_sim` (not part of CML): read back state and calls, inject faults,
 * expire tokens, reset. Tests in other packages drive the simulator through it.
 */
export function createControlRouter(
  controller: SimulatedController,
  faults: FaultInjector,
  log: ExchangeLog,
): Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/state', (_req, res) => {
    res.json(controller.snapshot(faults.pending()));
  });
  router.get('/requests', (_req, res) => {
    res.json(log.list().map(({ responseBody: _body, ...exchange }) => exchange));
  });
  router.delete('/requests', (_req, res) => {
    log.clear();
    res.status(204).end();
  });
  router.post('/faults', (req, res) => {
    const rule = req.body as FaultRule;
    if (!rule?.fault?.type) {
      res.status(400).json({ code: 400, description: 'a fault rule needs fault.type' });
      return;
    }
    faults.add(rule);
    res.status(201).json(faults.pending());
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  router.post('/tokens/expire', (_req, res) => {
    controller.tokens.expireAll();
    res.status(204).end();
  });
  router.post('/reset', (_req, res) => {
    controller.reset();
    faults.clear();
    log.clear();
    res.status(204).end();
  });
  return router;
}

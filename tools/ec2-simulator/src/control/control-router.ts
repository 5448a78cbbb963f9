import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { SimulatorRuntime } from '../simulator-runtime';
import { ControlRequestError } from './control-request-error';
import type { FaultSpec } from './fault';

/**
 * The JSON control API under `/_sim` that tests and the embedded launcher use to look behind EC2:
 * list instances, kill one behind the manager's back, inject faults, read call counts, move time, reset.
 */
export function controlRouter(runtime: SimulatorRuntime): Router {
  const router = express.Router();
  router.use(express.json());

  router.get('/instances', async (_req, res) => {
    res.json({ instances: await runtime.instances() });
  });
  router.get('/instances/:id', async (req, res) => {
    const instance = await runtime.instance(req.params.id);
    if (instance) res.json(instance);
    else res.status(404).json({ error: `instance ${req.params.id} does not exist` });
  });
  router.delete('/instances/:id', async (req, res) => {
    const purge = req.query.purge === 'true';
    const instance = await runtime.terminateInstance(req.params.id, { purge });
    if (!instance) res.status(404).json({ error: `instance ${req.params.id} does not exist` });
    else if (purge) res.status(204).end();
    else res.json(instance);
  });
  router.put('/instances/:id/status-checks', async (req, res) => {
    const body = (req.body ?? {}) as { system?: boolean; instance?: boolean };
    const instance = await runtime.setStatusChecks(req.params.id, {
      ...(body.system === undefined ? {} : { system: body.system }),
      ...(body.instance === undefined ? {} : { instance: body.instance }),
    });
    if (instance) res.json(instance);
    else res.status(404).json({ error: `instance ${req.params.id} does not exist` });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: runtime.faults(), hung: runtime.hungCalls.count });
  });
  router.post('/faults', (req, res) => {
    res.status(201).json(runtime.injectFault((req.body ?? {}) as FaultSpec));
  });
  router.delete('/faults', (_req, res) => {
    runtime.clearFaults();
    res.status(204).end();
  });

  router.get('/calls', (_req, res) => {
    res.json(runtime.calls());
  });
  router.delete('/calls', (_req, res) => {
    runtime.resetCalls();
    res.status(204).end();
  });

  router.post('/time/advance', (req, res) => {
    const { ms } = (req.body ?? {}) as { ms?: number };
    res.json({ now: runtime.advanceTime(ms as number) });
  });

  router.post('/reset', async (_req, res) => {
    await runtime.reset();
    res.status(204).end();
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // body-parser marks malformed JSON with a 4xx `status`; anything else unexpected is the simulator's fault
    const status = ControlRequestError.is(error) ? 400 : ((error as { status?: number }).status ?? 500);
    res.status(status).json({ error: (error as Error).message });
  });
  return router;
}

import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createCmlApiRouter } from './cml-api.router';
import { CmlHttpError } from './cml-http-error';
import { type CmlSimulatorOptions, resolveSimulatorOptions } from './cml-simulator-options';
import { createControlRouter } from './control.router';
import { type Exchange, ExchangeLog } from './exchange-log';
import { FaultInjector, type FaultRule } from './fault-injector';
import { SimulatedController, type SimulatorSnapshot } from './simulated-controller';
import { TopologyValidator } from './topology-validator';

/** In-process access to what `/_sim` offers over HTTP. */
export interface CmlSimulatorControl {
  /** Labs (with topologies as imported), users, associations, licensing and armed faults. */
  state(): SimulatorSnapshot;
  /** Every CML API call answered so far, with the response bodies (request bodies are never kept). */
  exchanges(): Exchange[];
  clearExchanges(): void;
  /** Arms a fault for the next matching calls. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Invalidates every token issued so far: the next authenticated call answers 401. */
  expireTokens(): void;
  /** Drops labs and created users, restores the initial licence, clears faults and the call log. */
  reset(): void;
}

/** A running simulated CML controller. */
export interface CmlSimulator {
  /** Base URL without the `/api/v0` prefix, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly control: CmlSimulatorControl;
  /** Stops listening and cuts open connections (hung calls included); safe to call twice. */
  close(): Promise<void>;
}

/** Starts one simulated CML 2.9 controller; port 0 (the default) listens on a free port. */
export async function startCmlSimulator(options: CmlSimulatorOptions = {}): Promise<CmlSimulator> {
  const resolved = resolveSimulatorOptions(options);
  const controller = new SimulatedController(resolved);
  const faults = new FaultInjector();
  const log = new ExchangeLog();

  const app = express();
  app.disable('x-powered-by');
  app.use('/_sim', createControlRouter(controller, faults, log));
  app.use('/api/v0', recordExchanges(log, resolved.now), faults.middleware);
  app.use('/api/v0', createCmlApiRouter(controller, new TopologyValidator()));
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ code: 404, description: 'Not found' });
  });
  app.use(answerError);

  const server: Server = resolved.tls ? createHttpsServer(resolved.tls, app) : createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  controller.startBooting();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      faults.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }));

  return {
    url: `${resolved.tls ? 'https' : 'http'}://${resolved.host}:${port}`,
    port,
    close,
    control: {
      state: () => controller.snapshot(faults.pending()),
      exchanges: () => log.list(),
      clearExchanges: () => log.clear(),
      injectFault: (rule) => faults.add(rule),
      clearFaults: () => faults.clear(),
      expireTokens: () => controller.tokens.expireAll(),
      reset: () => {
        controller.reset();
        faults.clear();
        log.clear();
      },
    },
  };
}

function recordExchanges(log: ExchangeLog, now: () => number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const at = new Date(now()).toISOString();
    const path = req.path;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      res.locals.responseBody = body;
      return json(body);
    };
    let recorded = false;
    const record = (status: number | null) => {
      if (recorded) return;
      recorded = true;
      log.record({
        at,
        method: req.method,
        path,
        route: res.locals.route as string | undefined,
        status,
        responseBody: res.locals.responseBody,
      });
    };
    res.once('finish', () => record(res.statusCode));
    res.once('close', () => record(res.writableFinished ? res.statusCode : null));
    next();
  };
}

function answerError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (error instanceof CmlHttpError) {
    res.status(error.status).json(error.toBody());
    return;
  }
  const parseFailure = (error as { type?: string }).type === 'entity.parse.failed';
  const status = parseFailure ? 400 : 500;
  const description = parseFailure
    ? 'The request body is not valid JSON'
    : `Internal error: ${String(error)}`;
  res.status(status).json({ code: status, description });
}

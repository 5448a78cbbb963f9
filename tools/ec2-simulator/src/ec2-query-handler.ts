import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { EC2_ACTIONS } from './actions/ec2-actions';
import type { Fault } from './control/fault';
import { Ec2Error } from './protocol/ec2-error';
import { QueryParams } from './protocol/query-params';
import { xmlErrorResponse, xmlResponse } from './protocol/xml-response';
import type { SimulatorRuntime } from './simulator-runtime';

/**
 * The EC2 Query endpoint (`POST /` with a form-encoded body): counts the call, applies any injected
 * fault, runs the action alone against the settled state, and answers EC2 XML or an EC2 error document.
 * A call a `hang` holds and then cuts gets no answer: its connection is destroyed.
 */
export function ec2QueryHandler(runtime: SimulatorRuntime): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const requestId = randomUUID();
    const reply = (status: number, xml: string) => {
      res.status(status).type('text/xml;charset=UTF-8').send(xml);
    };
    try {
      const params = QueryParams.parse(typeof req.body === 'string' ? req.body : '');
      const action = params.action;
      if (!action) throw new Ec2Error('MissingAction', 'The request must contain the parameter Action');
      runtime.callCounter.record(action);
      const fault = runtime.faultInjector.take(action);
      if (fault?.kind === 'hang' && !(await runtime.hungCalls.hold(callerGone(res)))) {
        req.socket.destroy();
        return;
      }
      await applyFault(fault);
      const run = EC2_ACTIONS.get(action);
      if (!run)
        throw new Ec2Error('InvalidAction', `The action ${action} is not valid for this web service.`);
      const body = await runtime.exclusive(() => run(params, runtime.context));
      reply(200, xmlResponse(action, requestId, body));
    } catch (error) {
      const ec2Error = Ec2Error.is(error)
        ? error
        : new Ec2Error('InternalError', `An internal error has occurred: ${(error as Error).message}`, 500);
      reply(ec2Error.httpStatus, xmlErrorResponse(ec2Error, requestId));
    }
  };
}

/** Aborts when the caller's connection closes before the call is answered. */
function callerGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  return gone.signal;
}

async function applyFault(fault: Fault | undefined): Promise<void> {
  if (fault?.kind === 'throttle') throw new Ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503);
  if (fault?.kind === 'error500') throw new Ec2Error('InternalError', 'An internal error has occurred', 500);
  if (fault?.kind === 'delay') await sleep(fault.delayMs);
}

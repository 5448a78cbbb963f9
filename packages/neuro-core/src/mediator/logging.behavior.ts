import type { Logger } from 'pino';
import type { OperationResult } from '../core/operation-result';
import type { NextStep, PipelineBehavior } from './pipeline-behavior';
import type { Request } from './request';

/** Logs each request's type, outcome status and duration at debug level, failures (4xx) at info. */
export class LoggingBehavior implements PipelineBehavior {
  constructor(private readonly logger: Logger) {}

  async handle(request: Request<unknown>, next: NextStep): Promise<OperationResult<unknown>> {
    const started = performance.now();
    const result = await next();
    // Successes log at debug: skip building the entry on the hot path when nobody reads it.
    if (result.ok && !this.logger.isLevelEnabled('debug')) return result;
    const entry = {
      request: request.constructor.name,
      status: result.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (result.ok) this.logger.debug(entry, 'request handled');
    else this.logger.info({ ...entry, detail: result.problem.detail }, 'request refused');
    return result;
  }
}

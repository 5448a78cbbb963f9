import type { OperationResult } from '../core/operation-result';
import type { NextStep, PipelineBehavior } from '../mediator/pipeline-behavior';
import type { Request } from '../mediator/request';
import type { Metrics } from './metrics';

/**
 * Times every command and query into `lcm_mediator_request_duration_seconds`, labelled by request class
 * and outcome: `ok`, the failure's HTTP status, or `error` when the handler threw.
 */
export class MetricsBehavior implements PipelineBehavior {
  constructor(private readonly metrics: Metrics) {}

  async handle(request: Request<unknown>, next: NextStep): Promise<OperationResult<unknown>> {
    const stop = this.metrics.mediatorDuration.startTimer({ request: request.constructor.name });
    try {
      const result = await next();
      stop({ outcome: result.ok ? 'ok' : String(result.status) });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }
}

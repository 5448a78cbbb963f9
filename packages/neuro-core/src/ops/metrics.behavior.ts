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
    const started = performance.now();
    let outcome = 'error';
    try {
      const result = await next();
      outcome = result.ok ? 'ok' : String(result.status);
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.mediatorDuration.observe({ request: request.constructor.name, outcome }, seconds);
    }
  }
}

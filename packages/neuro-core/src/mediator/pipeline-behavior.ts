import type { OperationResult } from '../core/operation-result';
import type { Request } from './request';

/** Calls the rest of the pipeline (the next behavior, finally the handler). */
export type NextStep = () => Promise<OperationResult<unknown>>;

/**
 * Wraps every executed request, outermost first: logging, metrics, validation, then the handler.
 * A behavior may short-circuit by returning a result without calling `next`.
 */
export interface PipelineBehavior {
  handle(request: Request<unknown>, next: NextStep): Promise<OperationResult<unknown>>;
}

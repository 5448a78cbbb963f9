import type { ZodError } from 'zod';
import { OperationResult } from '../core/operation-result';
import type { FieldError } from '../core/problem-details';
import type { NextStep, PipelineBehavior } from './pipeline-behavior';
import type { Request, ValidatedRequestClass } from './request';

/** Turns zod issues into one field error each, with the dotted path of the field. */
export function fieldErrorsOf(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Validates a request against the zod `schema` declared on its class. An invalid request is answered
 * with 400 and one entry per bad field; the handler never runs.
 */
export class ValidationBehavior implements PipelineBehavior {
  // Not `async`: on the valid path it hands back `next()`'s own promise instead of wrapping it in another.
  handle(request: Request<unknown>, next: NextStep): Promise<OperationResult<unknown>> {
    const schema = (request.constructor as ValidatedRequestClass).schema;
    if (!schema) return next();
    const parsed = schema.safeParse({ ...request });
    if (parsed.success) return next();
    return Promise.resolve(
      OperationResult.badRequest(
        `${request.constructor.name} is invalid: ${parsed.error.issues.length} field(s) failed validation`,
        fieldErrorsOf(parsed.error),
      ),
    );
  }
}

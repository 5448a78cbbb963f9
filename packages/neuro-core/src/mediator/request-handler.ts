import { inject } from 'inversify';
import { CLOCK, type Clock } from '../core/clock';
import { LOGGER, type Logger } from '../core/logger';
import type { FieldError } from '../core/problem-details';
import { type Failure, OperationResult, type Success } from '../core/operation-result';
import type { Request, ResultOf } from './request';

/**
 * Base of command and query handlers: `handle` returns an OperationResult, built with the helpers
 * below so a handler reads as its outcomes (`return this.notFound('CmlWorker', id)`).
 */
export abstract class RequestHandler<TRequest extends Request<unknown>> {
  /**
   * The service's clock. Nearly every handler needs the time (domain methods take `now`) or a logger, so
   * they come with the base class rather than in each constructor; set by the container after construction.
   */
  @inject(CLOCK) protected readonly clock!: Clock;

  /** The service's logger. */
  @inject(LOGGER) protected readonly logger!: Logger;

  abstract handle(request: TRequest): Promise<OperationResult<ResultOf<TRequest>>>;

  protected ok<T>(value: T): Success<T> {
    return OperationResult.ok(value);
  }

  protected created<T>(value: T): Success<T> {
    return OperationResult.created(value);
  }

  protected accepted<T>(value: T): Success<T> {
    return OperationResult.accepted(value);
  }

  protected noContent(): Success<undefined> {
    return OperationResult.noContent();
  }

  protected badRequest(detail: string, errors?: readonly FieldError[]): Failure {
    return OperationResult.badRequest(detail, errors);
  }

  protected unauthorized(detail?: string): Failure {
    return OperationResult.unauthorized(detail);
  }

  protected forbidden(detail?: string): Failure {
    return OperationResult.forbidden(detail);
  }

  protected notFound(entity: string, key: unknown): Failure {
    return OperationResult.notFound(entity, key);
  }

  protected conflict(detail: string): Failure {
    return OperationResult.conflict(detail);
  }

  protected unprocessable(detail: string, errors?: readonly FieldError[]): Failure {
    return OperationResult.unprocessable(detail, errors);
  }

  protected internalError(detail?: string): Failure {
    return OperationResult.internalError(detail);
  }
}

/** Base of a command handler. */
export abstract class CommandHandler<TCommand extends Request<unknown>> extends RequestHandler<TCommand> {}

/** Base of a query handler. */
export abstract class QueryHandler<TQuery extends Request<unknown>> extends RequestHandler<TQuery> {}

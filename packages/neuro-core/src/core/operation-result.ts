import { type FieldError, type ProblemDetails, problem } from './problem-details';

/** A request that succeeded, with the HTTP status it maps to. */
export interface Success<T> {
  readonly ok: true;
  readonly status: 200 | 201 | 202 | 204;
  readonly value: T;
}

/** A request that failed for an expected reason, carrying the problem document clients will see. */
export interface Failure {
  readonly ok: false;
  readonly status: number;
  readonly problem: ProblemDetails;
}

/**
 * The outcome of every command and query. Handlers return it instead of throwing, so business
 * failures are values that controllers map to HTTP without try/catch.
 */
export type OperationResult<T> = Success<T> | Failure;

/** Factory functions for results; handler bases expose the same as methods. */
export const OperationResult = {
  ok: <T>(value: T): Success<T> => ({ ok: true, status: 200, value }),
  created: <T>(value: T): Success<T> => ({ ok: true, status: 201, value }),
  accepted: <T>(value: T): Success<T> => ({ ok: true, status: 202, value }),
  noContent: (): Success<undefined> => ({ ok: true, status: 204, value: undefined }),
  fail: (status: number, detail?: string, errors?: readonly FieldError[]): Failure => ({
    ok: false,
    status,
    problem: problem(status, detail, errors ? { errors } : {}),
  }),
  badRequest: (detail: string, errors?: readonly FieldError[]) => OperationResult.fail(400, detail, errors),
  unauthorized: (detail = 'authentication is required') => OperationResult.fail(401, detail),
  forbidden: (detail = 'this action is not allowed for your roles') => OperationResult.fail(403, detail),
  notFound: (entity: string, key: unknown) =>
    OperationResult.fail(404, `${entity} ${String(key)} was not found`),
  conflict: (detail: string) => OperationResult.fail(409, detail),
  unprocessable: (detail: string, errors?: readonly FieldError[]) =>
    OperationResult.fail(422, detail, errors),
  internalError: (detail = 'an unexpected error occurred') => OperationResult.fail(500, detail),
  unavailable: (detail: string) => OperationResult.fail(503, detail),
};

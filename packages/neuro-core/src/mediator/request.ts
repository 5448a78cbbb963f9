import type { ZodType } from 'zod';

declare const resultType: unique symbol;

/** Anything the mediator executes; `TResult` is the value of a successful OperationResult. */
export abstract class Request<TResult> {
  declare readonly [resultType]?: TResult;
}

/** A request that changes state. Declare `static readonly schema` (zod) beside it to validate its fields. */
export abstract class Command<TResult = void> extends Request<TResult> {}

/** A request that only reads. */
export abstract class Query<TResult> extends Request<TResult> {}

/** The success value type of a request. */
export type ResultOf<TRequest> = TRequest extends Request<infer T> ? T : never;

/** A request class, as handlers are keyed by the class itself (never its name). */
export type RequestClass = abstract new (...args: never[]) => Request<unknown>;

/** A request class that carries a zod schema for the validation behavior. */
export interface ValidatedRequestClass {
  readonly schema?: ZodType;
}

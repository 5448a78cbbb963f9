import type { Request } from 'express';
import type { ZodType, output } from 'zod';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { RouteOptions } from './route-options';

/** The parsed type of the option `TKey` when the route declares that schema, else `TFallback`. */
type Parsed<TOptions, TKey extends 'params' | 'query' | 'body', TFallback> = TOptions extends {
  readonly [K in TKey]: infer TSchema extends ZodType;
}
  ? output<TSchema>
  : TFallback;

/**
 * What a route method receives: the validated parts of the request, typed from the route's schemas
 * (`RouteContext<typeof options>`), and the caller. `req` is there for the rare route that needs a header.
 */
export interface RouteContext<TOptions extends RouteOptions = RouteOptions> {
  readonly params: Parsed<TOptions, 'params', Record<string, string>>;
  readonly query: Parsed<TOptions, 'query', Record<string, unknown>>;
  readonly body: Parsed<TOptions, 'body', unknown>;
  readonly user: TOptions extends { anonymous: true } ? undefined : AuthenticatedUser;
  /** The `x-request-id` of this request, also on every log line it produced. */
  readonly requestId: string;
  readonly req: Request;
}

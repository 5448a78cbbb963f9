import type { ControllerBase } from './controller-base';
import type { RouteContext } from './route-context';
import type { RouteOptions } from './route-options';
import { type HttpMethod, declareRoute } from './route-table';

/** A route method: takes the request context, returns an OperationResult, a plain value or a RawResponse. */
type RouteMethod<TOptions extends RouteOptions> = (context: RouteContext<TOptions>) => unknown;

function route(method: HttpMethod) {
  return <const TOptions extends RouteOptions = object>(path: string, options?: TOptions) =>
    <TMethod extends RouteMethod<TOptions>>(
      target: ControllerBase,
      key: string,
      _descriptor: TypedPropertyDescriptor<TMethod>,
    ): void => {
      declareRoute(target.constructor, key, { method, path: path || '/', options: options ?? {} });
    };
}

/** Declares a GET route; `path` is below the controller's prefix (`'/:id'`, never `'/workers/:id'`). */
export const get = route('get');

/** Declares a POST route below the controller's prefix. */
export const post = route('post');

/** Declares a PUT route below the controller's prefix. */
export const put = route('put');

/** Declares a PATCH route below the controller's prefix. */
export const patch = route('patch');

/** Declares a DELETE route below the controller's prefix (`delete` is a reserved word, hence `del`). */
export const del = route('delete');

/**
 * Lets only callers holding one of `names` use the route (others get 403). No hierarchy is assumed:
 * list every allowed role, e.g. `@roles('admin', 'manager')`.
 */
export function roles(...names: [string, ...string[]]) {
  return (target: ControllerBase, key: string): void => {
    declareRoute(target.constructor, key, { roles: names });
  };
}

import { injectFromBase } from 'inversify';
import { FrameworkError } from '../core/framework-error';
import type { RouteOptions } from './route-options';

/** The HTTP methods routes are declared for. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route method of a controller, as its decorators declared it. */
export interface RouteDefinition {
  /** The method's property name on the controller. */
  readonly key: string;
  readonly method: HttpMethod;
  /** The path below the controller prefix, express syntax (`/:id`). */
  readonly path: string;
  readonly options: RouteOptions;
  /** Roles of which the caller needs one; empty means any authenticated caller. */
  readonly roles: readonly string[];
}

type RouteDraft = { -readonly [K in keyof RouteDefinition]?: RouteDefinition[K] };

// A static property rather than reflect-metadata: it survives bundling and minifying unchanged.
const ROUTES = Symbol.for('lcm.routes');

/** Records part of a route (the verb and path, or the roles), in whichever order its decorators run. */
export function declareRoute(controller: object, key: string, part: RouteDraft): void {
  const table = controller as Record<symbol, Map<string, RouteDraft> | undefined>;
  if (!Object.hasOwn(controller, ROUTES)) {
    Object.defineProperty(controller, ROUTES, { value: new Map(), enumerable: false });
    // A controller without its own constructor takes the ControllerBase constructor's injections (the
    // mediator): inversify does not look at base classes unless told to.
    if ((controller as () => unknown).length === 0) {
      injectFromBase({ extendConstructorArguments: true, extendProperties: true })(controller as never);
    }
  }
  const routes = table[ROUTES] as Map<string, RouteDraft>;
  routes.set(key, { ...routes.get(key), ...part, key });
}

/** The routes a controller class declares; a method with `@roles` but no verb is a start-up error. */
export function routesOf(controller: { readonly name: string }): RouteDefinition[] {
  const routes = Object.hasOwn(controller, ROUTES)
    ? [...(controller as unknown as Record<symbol, Map<string, RouteDraft>>)[ROUTES].values()]
    : [];
  return routes.map((route) => {
    if (!route.method || route.path === undefined) {
      throw new FrameworkError(
        'invalidRoute',
        `${controller.name}.${route.key} has @roles but no @get/@post/@put/@patch/@del route decorator`,
      );
    }
    return { options: {}, roles: [], ...route } as RouteDefinition;
  });
}

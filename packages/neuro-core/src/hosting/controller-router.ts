import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Container } from 'inversify';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { Authenticator } from '../auth/authenticator';
import { FrameworkError } from '../core/framework-error';
import { OperationResult } from '../core/operation-result';
import type { FieldError } from '../core/problem-details';
import type { Constructor } from '../mediator/handler-registration';
import { fieldErrorsOf } from '../mediator/validation.behavior';
import type { ControllerBase } from './controller-base';
import { controllerPrefixOf } from './controller-prefix';
import { RawResponse } from './raw-response';
import type { RouteContext } from './route-context';
import type { RouteOptions } from './route-options';
import { type RouteDefinition, routesOf } from './route-table';
import { sendProblem } from './send-problem';

/** A controller class the host can mount. */
export type ControllerClass = Constructor<ControllerBase> & {
  readonly name: string;
  readonly prefix?: string;
};

/** Builds controller instances: an inversify Container (auto-binding them) or a function. */
export type ControllerResolver = Container | ((controller: ControllerClass) => ControllerBase);

/** A route as mounted: what the OpenAPI document is built from. */
export interface MountedRoute extends RouteDefinition {
  /** The controller's mount prefix below `/api`. */
  readonly prefix: string;
  /** The full express path, e.g. `/api/workers/:id`. */
  readonly fullPath: string;
}

/** Where routes are registered: the express app itself (no nested router to walk per request) or a Router. */
export type RouteTarget = Pick<Router, 'get' | 'post' | 'put' | 'patch' | 'delete'>;

/** How controllers are mounted. */
export interface ControllerRouterOptions {
  readonly controllers: readonly ControllerClass[];
  readonly resolve?: ControllerResolver;
  readonly authenticator?: Authenticator;
  /** Largest accepted JSON body, as express/bytes understands it (`'1mb'`). */
  readonly bodyLimit: string;
}

/**
 * Mounts each controller's routes at `/api/<prefix><path>`. Every route authenticates (unless
 * anonymous) and authorizes before it validates, then calls its method and maps the outcome to HTTP.
 * Misdeclared routes (a repeated prefix, a duplicate, a protected route without an authenticator) fail
 * here, at start-up, with the controller and route named.
 */
export function mountControllers(target: RouteTarget, options: ControllerRouterOptions): MountedRoute[] {
  const parseJson = express.json({ limit: options.bodyLimit });
  const mounted: MountedRoute[] = [];
  const owners = new Map<string, string>();
  for (const controller of options.controllers) {
    const prefix = controllerPrefixOf(controller);
    const routes = routesOf(controller);
    const instance = routes.length > 0 ? resolve(options.resolve, controller) : undefined;
    for (const route of routes) {
      const name = `${controller.name}.${route.key}`;
      const fullPath = `/api/${prefix}${route.path === '/' ? '' : route.path}`;
      checkRoute(name, route, prefix, options.authenticator);
      const signature = `${route.method.toUpperCase()} ${fullPath}`;
      if (owners.has(signature)) {
        throw new FrameworkError(
          'invalidRoute',
          `${name}: ${signature} is already served by ${owners.get(signature)}`,
        );
      }
      owners.set(signature, name);
      const handler = handlerFor(instance as ControllerBase, route, options.authenticator);
      // Only routes that take a body pay for the JSON parser: reads are most of the traffic.
      if (route.method === 'get') target.get(fullPath, handler);
      else target[route.method](fullPath, parseJson, handler);
      mounted.push({ ...route, prefix, fullPath });
    }
  }
  return mounted;
}

function resolve(resolver: ControllerResolver | undefined, controller: ControllerClass): ControllerBase {
  if (!resolver) {
    throw new FrameworkError(
      'invalidRoute',
      `${controller.name} cannot be built: pass a Container or resolver`,
    );
  }
  return typeof resolver === 'function' ? resolver(controller) : resolver.get(controller, { autobind: true });
}

function checkRoute(
  name: string,
  route: RouteDefinition,
  prefix: string,
  authenticator?: Authenticator,
): void {
  const path = route.path.replace(/^\/api(?=\/)/, '');
  if (path === `/${prefix}` || path.startsWith(`/${prefix}/`)) {
    throw new FrameworkError(
      'invalidRoute',
      `${name}: route '${route.path}' repeats the prefix '${prefix}' (the controller is mounted at /api/${prefix}); ` +
        `declare only the path below it`,
    );
  }
  if (route.options.anonymous && route.roles.length > 0) {
    throw new FrameworkError('invalidRoute', `${name} is anonymous and also requires roles; choose one`);
  }
  if (!route.options.anonymous && !authenticator) {
    throw new FrameworkError(
      'invalidRoute',
      `${name} requires a token but the HTTP app has no authenticator`,
    );
  }
}

function handlerFor(
  controller: ControllerBase,
  route: RouteDefinition,
  authenticator?: Authenticator,
): RequestHandler {
  const method = (controller as unknown as Record<string, (context: RouteContext) => unknown>)[
    route.key
  ].bind(controller);
  return async (req, res) => {
    let user: AuthenticatedUser | undefined;
    if (!route.options.anonymous) {
      const access = await authorize(req, route, authenticator);
      if (!access.ok) {
        if (access.status === 401) {
          res.set('WWW-Authenticate', req.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer');
        }
        return sendProblem(req, res, access.problem);
      }
      user = access.value;
    }
    const input = parseInput(route.options, req);
    if (!input.ok) return sendProblem(req, res, input.problem);
    const { params, query, body } = input.value;
    const outcome = await method({
      params,
      query,
      body,
      user: user as AuthenticatedUser,
      requestId: req.id,
      req,
    });
    if (outcome instanceof RawResponse) return outcome.write(res);
    const result = isOperationResult(outcome) ? outcome : OperationResult.ok(outcome);
    if (!result.ok) return sendProblem(req, res, result.problem);
    if (result.status === 204 || result.value === undefined) return void res.status(result.status).end();
    // express's status() validates its argument on every call; 200 is what a response starts with.
    if (result.status !== 200) res.status(result.status);
    res.json(result.value);
  };
}

async function authorize(
  req: Request,
  route: RouteDefinition,
  authenticator?: Authenticator,
): Promise<OperationResult<AuthenticatedUser>> {
  const authenticated = await (authenticator as Authenticator).authenticate(req.headers.authorization);
  if (!authenticated.ok || route.roles.length === 0) return authenticated;
  if (authenticated.value.roles.some((role) => route.roles.includes(role))) return authenticated;
  return OperationResult.forbidden(`this route requires one of the roles: ${route.roles.join(', ')}`);
}

function parseInput(
  options: RouteOptions,
  req: Request,
): OperationResult<Pick<RouteContext, 'params' | 'query' | 'body'>> {
  const errors: FieldError[] = [];
  const input = {
    params: parsePart('params', options.params, req.params as Record<string, string>, errors),
    query: parsePart('query', options.query, req.query as Record<string, unknown>, errors),
    body: parsePart('body', options.body, req.body as unknown, errors),
  };
  if (errors.length === 0) return OperationResult.ok(input);
  return OperationResult.badRequest(
    `the request is invalid: ${errors.length} field(s) failed validation`,
    errors,
  );
}

/** Parses one part of the request, collecting its field errors prefixed with where the part came from. */
function parsePart<T>(location: string, schema: RouteOptions['params'], value: T, errors: FieldError[]): T {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as T;
  for (const error of fieldErrorsOf(parsed.error)) {
    errors.push({ path: error.path ? `${location}.${error.path}` : location, message: error.message });
  }
  return value;
}

function isOperationResult(value: unknown): value is OperationResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<'ok' | 'status' | 'value' | 'problem', unknown>>;
  return (
    typeof candidate.status === 'number' &&
    ((candidate.ok === true && 'value' in candidate) ||
      (candidate.ok === false && typeof candidate.problem === 'object'))
  );
}

import type { ValidateFunction } from 'ajv';
import type { Request, Response, Router } from 'express';
import { cmlOpenApiSpec } from '@lcm/cml-client';
import { CmlHttpError } from './cml-http-error';
import type { SimulatedController } from './simulated-controller';
import { specAjv, specSchemaKey } from './spec-ajv';
import type { SimulatedUser } from './user-store';

/** What a route handler gets: path parameters, query, parsed JSON body and the caller. */
export interface CmlCall<Authenticated extends boolean = true> {
  params: Record<string, string>;
  query: Request['query'];
  body: unknown;
  user: Authenticated extends true ? SimulatedUser : undefined;
}

/** What a route handler answers: a status and, unless the spec says the status has no content, a JSON body. */
export interface CmlReply {
  status: number;
  body?: unknown;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One operation of the CML API, named by its spec path template so the simulator cannot serve a path the
 * spec lacks. `access` says who may call it; `validateBody` checks the JSON body against the spec's request
 * schema (422 with every problem, as CML's request validation does).
 */
export type CmlRoute =
  | {
      method: Method;
      path: string;
      access: 'public';
      validateBody?: boolean;
      handle(call: CmlCall<false>): CmlReply | Promise<CmlReply>;
    }
  | {
      method: Method;
      path: string;
      access: 'user' | 'admin';
      validateBody?: boolean;
      handle(call: CmlCall): CmlReply | Promise<CmlReply>;
    };

/** Mounts the routes on an express router; the route's spec path is kept in `res.locals.route` for the log. */
export function mountCmlRoutes(
  router: Router,
  routes: readonly CmlRoute[],
  controller: SimulatedController,
): void {
  const ajv = specAjv();
  for (const route of routes) {
    const operation = cmlOpenApiSpec.paths[route.path]?.[route.method];
    if (!operation)
      throw new Error(`the CML spec has no operation ${route.method.toUpperCase()} ${route.path}`);
    const validate = route.validateBody
      ? ajv.getSchema(
          specSchemaKey([
            'paths',
            route.path,
            route.method,
            'requestBody',
            'content',
            'application/json',
            'schema',
          ]),
        )
      : undefined;
    const expressPath = route.path.replace(/\{(\w+)\}/g, ':$1');
    router[route.method](expressPath, async (req: Request, res: Response) => {
      res.locals.route = route.path;
      const user =
        route.access === 'public' ? undefined : await controller.authorize(req.header('authorization'));
      if (route.access === 'admin' && !user?.admin)
        throw new CmlHttpError(403, 'Access denied: administrator only');
      if (validate) assertValid(validate, req.body);
      const call = { params: req.params as Record<string, string>, query: req.query, body: req.body, user };
      const reply = await (route.handle as (c: typeof call) => CmlReply | Promise<CmlReply>)(call);
      if (reply.body === undefined) res.status(reply.status).end();
      else res.status(reply.status).json(reply.body);
    });
  }
}

function assertValid(validate: ValidateFunction, body: unknown): void {
  if (validate(body)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
  throw new CmlHttpError(422, `Invalid request body: ${problems.join('; ')}`);
}

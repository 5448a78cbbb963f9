import { Container } from 'inversify';
import pino from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { DevIssuer } from '../auth/dev-issuer';
import { CLOCK, systemClock } from '../core/clock';
import { FrameworkError } from '../core/framework-error';
import { OperationResult } from '../core/operation-result';
import { commandHandler } from '../mediator/handler-registration';
import { LOGGER } from '../core/logger';
import { MEDIATOR, Mediator } from '../mediator/mediator';
import { Command } from '../mediator/request';
import { CommandHandler } from '../mediator/request-handler';
import { ControllerBase } from './controller-base';
import { type HttpAppOptions, createHttpApp } from './create-http-app';
import { RawResponse } from './raw-response';
import type { RouteContext } from './route-context';
import type { RouteOptions } from './route-options';
import { del, get, patch, post, put, roles } from './route.decorators';

interface WorkerDto {
  readonly id: string;
  readonly name: string;
  readonly renamedBy: string;
}

class RenameWorker extends Command<WorkerDto> {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly by: string,
  ) {
    super();
  }
}

const MISSING = '00000000-0000-4000-8000-000000000000';

@commandHandler(RenameWorker)
class RenameWorkerHandler extends CommandHandler<RenameWorker> {
  async handle({ id, name, by }: RenameWorker) {
    if (id === MISSING) return this.notFound('CmlWorker', id);
    return this.ok({ id, name, renamedBy: by });
  }
}

const rename = {
  params: z.object({ id: z.uuid() }),
  body: z.object({
    name: z.string().min(3),
    capacity: z.object({ cpuCores: z.int().positive() }).optional(),
  }),
  summary: 'Rename a worker',
} satisfies RouteOptions;

const listing = {
  anonymous: true,
  query: z.object({ limit: z.coerce.number().int().max(100).default(10) }),
} as const;

class WorkersController extends ControllerBase {
  @get('/', listing)
  list({ query, user }: RouteContext<typeof listing>) {
    return { limit: query.limit, items: [], user: user ?? null };
  }

  @get('/broken', { anonymous: true })
  broken(): never {
    throw new Error('connection to mongodb://admin:hunter2@db failed');
  }

  @get('/export', { anonymous: true })
  export() {
    return new RawResponse((res) => res.type('application/yaml').send('workers: []\n'));
  }

  @get('/whoami')
  whoami({ user, requestId }: RouteContext) {
    return OperationResult.ok({ sub: user.sub, roles: user.roles, requestId });
  }

  @put('/:id/name', rename)
  @roles('admin', 'manager')
  rename({ params, body, user }: RouteContext<typeof rename>) {
    return this.mediator.execute(new RenameWorker(params.id, body.name, user.sub));
  }

  @del('/:id')
  @roles('admin')
  async remove() {
    return OperationResult.noContent();
  }
}

class LabletSessionsController extends ControllerBase {
  @post('/', { anonymous: true, body: z.object({ note: z.string() }) })
  create({ body }: RouteContext<{ body: z.ZodObject<{ note: z.ZodString }> }>) {
    return OperationResult.created({ note: body.note });
  }
}

class MinifiedNameThing extends ControllerBase {
  static readonly prefix = 'worker-templates';

  @patch('/:id', { anonymous: true })
  touch({ params }: RouteContext) {
    return OperationResult.accepted({ id: params['id'] });
  }
}

const logger = pino({ level: 'silent' });

function containerWithMediator(): Container {
  const container = new Container();
  const mediator = new Mediator((handler) => container.get(handler, { autobind: true }), [], logger);
  mediator.register(RenameWorkerHandler);
  container.bind(MEDIATOR).toConstantValue(mediator);
  container.bind(CLOCK).toConstantValue(systemClock);
  container.bind(LOGGER).toConstantValue(logger);
  return container;
}

describe('createHttpApp', () => {
  let issuer: DevIssuer;
  let app: ReturnType<typeof createHttpApp>;
  let admin: string;
  let user: string;

  function appWith(options: Partial<HttpAppOptions> = {}) {
    return createHttpApp({
      logger,
      controllers: [WorkersController, LabletSessionsController, MinifiedNameThing],
      resolve: containerWithMediator(),
      authenticator: issuer.authenticator(),
      ...options,
    });
  }

  beforeAll(async () => {
    issuer = await DevIssuer.create();
    admin = await issuer.mint({ sub: 'alice', roles: ['admin'] });
    user = await issuer.mint({ sub: 'bob', roles: ['user'] });
    app = appWith();
  });

  describe('mounting controllers', () => {
    it('mounts WorkersController at /api/workers and multi-word names kebab-cased', async () => {
      await request(app).get('/api/workers').expect(200, { limit: 10, items: [], user: null });
      await request(app).post('/api/lablet-sessions').send({ note: 'hi' }).expect(201, { note: 'hi' });
    });

    it('mounts a controller with an explicit prefix whatever its class is called', async () => {
      await request(app).patch('/api/worker-templates/t1').expect(202, { id: 't1' });
    });

    it('builds controllers with a resolver function as well as a container', async () => {
      const mediator = new Mediator((handler) => new handler()).register(RenameWorkerHandler);
      const withResolver = appWith({ resolve: (controller) => new controller(mediator) });
      await request(withResolver)
        .put(`/api/workers/${MISSING.replace(/0$/, '1')}/name`)
        .auth(admin, { type: 'bearer' })
        .send({ name: 'edge-1' })
        .expect(200);
    });

    it('refuses at start-up a route that repeats its controller prefix, naming controller, route and prefix', () => {
      class RepeatingController extends ControllerBase {
        static readonly prefix = 'workers';
        @get('/workers/:id', { anonymous: true })
        one() {
          return 1;
        }
      }
      const attempt = () => appWith({ controllers: [RepeatingController] });
      expect(attempt).toThrow(FrameworkError);
      expect(attempt).toThrow(
        "RepeatingController.one: route '/workers/:id' repeats the prefix 'workers' (the controller is mounted at /api/workers)",
      );
    });

    it('refuses at start-up two routes answering the same method and path', () => {
      class TwinsController extends ControllerBase {
        @get('/:id', { anonymous: true })
        first() {
          return 1;
        }
        @get('/:id', { anonymous: true })
        second() {
          return 2;
        }
      }
      expect(() => appWith({ controllers: [TwinsController] })).toThrow(
        'TwinsController.second: GET /api/twins/:id is already served by TwinsController.first',
      );
    });

    it('refuses at start-up a protected route when no authenticator is configured', () => {
      expect(() => appWith({ authenticator: undefined })).toThrow(
        'WorkersController.whoami requires a token but the HTTP app has no authenticator',
      );
    });

    it('refuses at start-up a route that is both anonymous and role-restricted, or has roles but no verb', () => {
      class ConfusedController extends ControllerBase {
        @get('/', { anonymous: true })
        @roles('admin')
        open() {
          return 1;
        }
      }
      class VerblessController extends ControllerBase {
        @roles('admin')
        orphan() {
          return 1;
        }
      }
      expect(() => appWith({ controllers: [ConfusedController] })).toThrow(
        'ConfusedController.open is anonymous and also requires roles',
      );
      expect(() => appWith({ controllers: [VerblessController] })).toThrow(
        'VerblessController.orphan has @roles but no @get/@post/@put/@patch/@del route decorator',
      );
    });

    it('refuses at start-up controllers it has no way to build', () => {
      expect(() => appWith({ resolve: undefined })).toThrow('WorkersController cannot be built');
    });
  });

  describe('mapping results to HTTP', () => {
    it('answers a success with its status and JSON, and 204 with no body', async () => {
      const renamed = await request(app)
        .put('/api/workers/3f2a8c1e-5b7d-4e9f-8a6b-1c2d3e4f5a6b/name')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'edge-1' })
        .expect(200);
      expect(renamed.body).toEqual({
        id: '3f2a8c1e-5b7d-4e9f-8a6b-1c2d3e4f5a6b',
        name: 'edge-1',
        renamedBy: 'alice',
      });
      // API answers are never cached, so they carry no ETag for anyone to revalidate.
      expect(renamed.headers['cache-control']).toBe('no-store');
      expect(renamed.headers['etag']).toBeUndefined();

      const removed = await request(app)
        .delete(`/api/workers/${MISSING}`)
        .auth(admin, { type: 'bearer' })
        .expect(204);
      expect(removed.text).toBe('');
    });

    it('answers a failure with problem+json whose instance is the request path', async () => {
      const response = await request(app)
        .put(`/api/workers/${MISSING}/name?dryRun=true`)
        .auth(admin, { type: 'bearer' })
        .send({ name: 'edge-1' })
        .expect(404)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toEqual({
        type: 'urn:lcm:problem:not-found',
        title: 'Not Found',
        status: 404,
        detail: `CmlWorker ${MISSING} was not found`,
        instance: `/api/workers/${MISSING}/name`,
      });
    });

    it('lets a route write a raw response, e.g. YAML', async () => {
      const response = await request(app).get('/api/workers/export').expect(200);
      expect(response.headers['content-type']).toMatch(/application\/yaml/);
      expect(response.text).toBe('workers: []\n');
    });
  });

  describe('validating requests', () => {
    it('answers an invalid body, params and query with 400 and one error per bad field', async () => {
      const response = await request(app)
        .put('/api/workers/not-a-uuid/name')
        .auth(admin, { type: 'bearer' })
        .send({ name: 'x', capacity: { cpuCores: 0 } })
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.detail).toBe('the request is invalid: 3 field(s) failed validation');
      expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual([
        'params.id',
        'body.name',
        'body.capacity.cpuCores',
      ]);

      const query = await request(app).get('/api/workers?limit=1000').expect(400);
      expect(query.body.errors).toEqual([{ path: 'query.limit', message: expect.stringContaining('100') }]);
    });

    it('passes the parsed (coerced) query to the method', async () => {
      await request(app).get('/api/workers?limit=5').expect(200, { limit: 5, items: [], user: null });
    });

    it('answers a missing body with a 400 on the whole body', async () => {
      const response = await request(app).post('/api/lablet-sessions').expect(400);
      expect(response.body.errors).toEqual([{ path: 'body', message: expect.any(String) }]);
    });

    it('answers malformed JSON with 400 problem+json saying so', async () => {
      const response = await request(app)
        .post('/api/lablet-sessions')
        .set('content-type', 'application/json')
        .send('{"note": ')
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.detail).toMatch(/^the request body is not valid JSON: /);
      expect(response.body.instance).toBe('/api/lablet-sessions');
    });

    it('answers a body over the limit with 413 problem+json', async () => {
      const small = appWith({ bodyLimit: '100b' });
      const response = await request(small)
        .post('/api/lablet-sessions')
        .send({ note: 'x'.repeat(200) })
        .expect(413)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.detail).toBe('the request body is larger than the limit of 100 bytes');
    });
  });

  describe('errors', () => {
    it('answers an unknown route with 404 problem+json', async () => {
      const response = await request(app)
        .get('/api/nothing-here')
        .expect(404)
        .expect('content-type', /problem\+json/);
      expect(response.body).toMatchObject({ status: 404, detail: 'no route matches GET /api/nothing-here' });
    });

    it('keeps the status and message of client errors express raises, e.g. a malformed path', async () => {
      const bad = await request(app).patch('/api/worker-templates/%E0%A4%A').expect(400);
      expect(bad.body).toMatchObject({
        status: 400,
        detail: expect.stringContaining('Failed to decode param'),
      });
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('answers an unexpected throw with 500 problem+json that reveals nothing internal', async () => {
      const response = await request(app)
        .get('/api/workers/broken')
        .expect(500)
        .expect('content-type', /problem\+json/);
      expect(response.body).toEqual({
        type: 'urn:lcm:problem:internal-error',
        title: 'Internal Server Error',
        status: 500,
        detail: 'an unexpected error occurred',
        instance: '/api/workers/broken',
      });
      expect(response.text).not.toMatch(/hunter2|mongodb|at .*\.ts/);
    });
  });

  describe('authentication and roles', () => {
    it('answers 401 with WWW-Authenticate when there is no token', async () => {
      const response = await request(app)
        .get('/api/workers/whoami')
        .expect(401)
        .expect('www-authenticate', 'Bearer');
      expect(response.body).toMatchObject({ status: 401, detail: 'a bearer token is required' });
    });

    it('answers 401 for a token signed by another key or expired', async () => {
      const stranger = await (await DevIssuer.create()).mint({ sub: 'mallory', roles: ['admin'] });
      const expired = await issuer.mint({ sub: 'alice', roles: ['admin'], expiresIn: -120 });

      const forged = await request(app)
        .get('/api/workers/whoami')
        .auth(stranger, { type: 'bearer' })
        .expect(401);
      expect(forged.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(forged.body.detail).toBe('the bearer token is not valid');

      const late = await request(app)
        .get('/api/workers/whoami')
        .auth(expired, { type: 'bearer' })
        .expect(401);
      expect(late.body.detail).toBe('the bearer token has expired');
    });

    it('answers 403 for a valid token without any of the route roles, before validating the request', async () => {
      const response = await request(app)
        .put('/api/workers/not-a-uuid/name')
        .auth(user, { type: 'bearer' })
        .send({})
        .expect(403)
        .expect('content-type', /problem\+json/);
      expect(response.body.detail).toBe('this route requires one of the roles: admin, manager');
    });

    it('lets a token with one of the roles through, and gives the method the user', async () => {
      const manager = await issuer.mint({ sub: 'carol', roles: ['manager'] });
      await request(app)
        .put('/api/workers/3f2a8c1e-5b7d-4e9f-8a6b-1c2d3e4f5a6b/name')
        .auth(manager, { type: 'bearer' })
        .send({ name: 'edge-2' })
        .expect(200);
      const me = await request(app).get('/api/workers/whoami').auth(user, { type: 'bearer' }).expect(200);
      expect(me.body).toMatchObject({ sub: 'bob', roles: ['user'] });
    });
  });

  describe('request ids', () => {
    it('echoes a sane incoming x-request-id and hands it to the method', async () => {
      const response = await request(app)
        .get('/api/workers/whoami')
        .set('x-request-id', 'portal-1234')
        .auth(user, { type: 'bearer' })
        .expect(200)
        .expect('x-request-id', 'portal-1234');
      expect(response.body.requestId).toBe('portal-1234');
    });

    it('replaces a missing or insane one with a fresh uuid, also on errors', async () => {
      const missing = await request(app).get('/api/nothing-here').expect(404);
      expect(missing.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const insane = await request(app).get('/api/workers').set('x-request-id', 'x'.repeat(500)).expect(200);
      expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('logging', () => {
    it('logs each request with its id and never the token', async () => {
      const lines: string[] = [];
      const capturing = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const logged = appWith({ logger: capturing });
      await request(logged)
        .get('/api/workers/whoami')
        .set('x-request-id', 'log-1')
        .auth(admin, { type: 'bearer' });
      await request(logged).get('/api/workers/broken').set('x-request-id', 'log-2');

      const entries = lines.map((line) => JSON.parse(line));
      expect(entries.find((e) => e.requestId === 'log-1' && e.res?.statusCode === 200)).toBeDefined();
      const failure = entries.find((e) => e.requestId === 'log-2' && e.msg === 'request failed unexpectedly');
      expect(failure.err.message).toContain('hunter2');
      expect(lines.join('\n')).not.toContain(admin);
    });
  });
});

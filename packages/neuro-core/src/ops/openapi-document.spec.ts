import pino from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { DevIssuer } from '../auth/dev-issuer';
import { OperationResult } from '../core/operation-result';
import { ControllerBase } from '../hosting/controller-base';
import { createHttpApp } from '../hosting/create-http-app';
import type { RouteContext } from '../hosting/route-context';
import type { RouteOptions } from '../hosting/route-options';
import { del, get, post } from '../hosting/route.decorators';
import { roles } from '../hosting/route.decorators';

const Capacity = z.object({ cpuCores: z.int().positive(), memoryGb: z.number() }).meta({ id: 'Capacity' });
const Worker = z.object({ id: z.uuid(), name: z.string(), capacity: Capacity });

const listing = {
  anonymous: true,
  summary: 'List workers',
  query: z.object({
    status: z.enum(['running', 'stopped']).optional(),
    limit: z.coerce.number().int().default(20),
  }),
  response: z.array(Worker),
} satisfies RouteOptions;

const creating = {
  body: z.object({ name: z.string().min(3), capacity: Capacity }),
  response: Worker,
  status: 201,
  description: 'Launches an EC2 instance from the template.',
  tags: ['fleet'],
} satisfies RouteOptions;

class WorkersController extends ControllerBase {
  @get('/', listing)
  list() {
    return [];
  }

  @post('/', creating)
  @roles('admin', 'manager')
  create({ body }: RouteContext<typeof creating>) {
    return OperationResult.created(body);
  }

  @get('/:id', { params: z.object({ id: z.uuid() }), response: Worker })
  one() {
    return OperationResult.notFound('CmlWorker', 'x');
  }

  @del('/:id/licence/:slot', { status: 204 })
  @roles('admin')
  release() {
    return OperationResult.noContent();
  }
}

describe('OpenAPI document', () => {
  let app: ReturnType<typeof createHttpApp>;

  beforeAll(async () => {
    app = createHttpApp({
      logger: pino({ level: 'silent' }),
      controllers: [WorkersController],
      resolve: (controller) => new controller(),
      authenticator: (await DevIssuer.create()).authenticator(),
      docs: { title: 'worker-manager', version: '1.2.3' },
    });
  });

  async function openApi() {
    return (await request(app).get('/api/docs/openapi.json').expect(200)).body;
  }

  it('is OpenAPI 3.1 with the service info and a bearer JWT security scheme', async () => {
    const document = await openApi();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toEqual({ title: 'worker-manager', version: '1.2.3' });
    expect(document.components.securitySchemes).toEqual({
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('lists every route under its full path with OpenAPI path templates', async () => {
    const document = await openApi();
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/workers',
      '/api/workers/{id}',
      '/api/workers/{id}/licence/{slot}',
    ]);
    expect(Object.keys(document.paths['/api/workers'])).toEqual(['get', 'post']);
  });

  it('describes query, path parameters, bodies and responses from the zod schemas', async () => {
    const { paths } = await openApi();
    const list = paths['/api/workers'].get;
    expect(list.summary).toBe('List workers');
    expect(list.parameters).toEqual([
      {
        name: 'status',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['running', 'stopped'] },
      },
      { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ default: 20 }) },
    ]);
    expect(list.responses['200'].content['application/json'].schema).toMatchObject({
      type: 'array',
      items: { type: 'object', required: ['id', 'name', 'capacity'] },
    });

    const one = paths['/api/workers/{id}'].get;
    expect(one.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
    ]);
    const release = paths['/api/workers/{id}/licence/{slot}'].delete;
    expect(release.parameters.map((p: { name: string; schema: unknown }) => [p.name, p.schema])).toEqual([
      ['id', { type: 'string' }],
      ['slot', { type: 'string' }],
    ]);
    expect(release.responses['204']).toEqual({ description: 'Success' });

    const create = paths['/api/workers'].post;
    expect(create.tags).toEqual(['fleet']);
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', minLength: 3 } },
    });
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '403', '500']);
  });

  it('shares schemas registered with an id as components', async () => {
    const { paths, components } = await openApi();
    const body = paths['/api/workers'].post.requestBody.content['application/json'].schema;
    expect(body.properties.capacity).toEqual({ $ref: '#/components/schemas/Capacity' });
    expect(components.schemas.Capacity).toMatchObject({ type: 'object', required: ['cpuCores', 'memoryGb'] });
  });

  it('marks protected routes with the bearer scheme and names their roles; anonymous ones with none', async () => {
    const { paths } = await openApi();
    const create = paths['/api/workers'].post;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(create['x-roles']).toEqual(['admin', 'manager']);
    expect(create.description).toBe(
      'Launches an EC2 instance from the template.\n\nRequires one of the roles: admin, manager.',
    );
    expect(paths['/api/workers'].get.security).toEqual([]);
    expect(paths['/api/workers'].get.responses['401']).toBeUndefined();
  });

  it('documents failures as application/problem+json', async () => {
    const { paths, components } = await openApi();
    expect(paths['/api/workers/{id}'].get.responses['401']).toEqual({
      description: 'No valid bearer token',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
    });
  });

  it('serves Swagger UI on the document at /api/docs', async () => {
    const page = await request(app).get('/api/docs/').expect(200);
    expect(page.text).toContain('swagger-ui');
    const init = await request(app).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"title": "worker-manager"');
  });

  it('serves no docs when turned off', async () => {
    const bare = createHttpApp({ logger: pino({ level: 'silent' }), docs: false });
    await request(bare).get('/api/docs/openapi.json').expect(404);
  });
});

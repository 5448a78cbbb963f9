import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

const EVERYONE = ['user', 'manager', 'admin'];
const ADMIN = ['admin'];
const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

/**
 * Every route of the worker-manager API (docs/architecture.md#roles) with the roles allowed to use it. The requests name
 * unknown ids or carry invalid bodies, so an allowed call is answered (404/400/200) without changing
 * anything, while a refused one must be 403 and an anonymous one 401.
 */
const routes: Array<{
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  roles: string[];
  body?: object;
}> = [
  { method: 'get', path: '/api/worker-templates', roles: EVERYONE },
  { method: 'get', path: '/api/worker-templates/small', roles: EVERYONE },
  { method: 'post', path: '/api/worker-templates', roles: ADMIN, body: {} },
  { method: 'patch', path: '/api/worker-templates/nope', roles: ADMIN, body: { description: 'x' } },
  { method: 'delete', path: '/api/worker-templates/nope', roles: ADMIN },
  { method: 'get', path: '/api/workers', roles: EVERYONE },
  { method: 'get', path: `/api/workers/${UNKNOWN}`, roles: EVERYONE },
  { method: 'post', path: '/api/workers', roles: ADMIN, body: {} },
  { method: 'post', path: '/api/workers/import', roles: ADMIN, body: {} },
  { method: 'post', path: `/api/workers/${UNKNOWN}/start`, roles: ADMIN },
  { method: 'post', path: `/api/workers/${UNKNOWN}/stop`, roles: ADMIN },
  { method: 'post', path: `/api/workers/${UNKNOWN}/drain`, roles: ADMIN },
  { method: 'post', path: `/api/workers/${UNKNOWN}/cancel-drain`, roles: ADMIN },
  { method: 'post', path: `/api/workers/${UNKNOWN}/refresh`, roles: EVERYONE },
  { method: 'delete', path: `/api/workers/${UNKNOWN}`, roles: ADMIN },
  { method: 'patch', path: `/api/workers/${UNKNOWN}`, roles: ADMIN, body: { idleDetectionEnabled: false } },
  { method: 'put', path: `/api/workers/${UNKNOWN}/license`, roles: ADMIN, body: { token: 't' } },
  { method: 'delete', path: `/api/workers/${UNKNOWN}/license`, roles: ADMIN },
  { method: 'get', path: `/api/workers/${UNKNOWN}/idle-status`, roles: EVERYONE },
];

describe('worker-manager routes: authorization', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness();
  });
  afterAll(async () => {
    await fleet.close();
  });

  const send = (route: (typeof routes)[number], token?: string) => {
    const request = fleet.service.http[route.method](route.path);
    if (token) request.set('Authorization', token);
    return route.body ? request.send(route.body) : request;
  };

  describe.each(routes)('$method $path', (route) => {
    it.each(['user', 'manager', 'admin'])('as %s', async (role) => {
      const answer = await send(route, fleet.service.token(role));
      if (route.roles.includes(role)) {
        expect([401, 403]).not.toContain(answer.status);
        expect(answer.status).toBeLessThan(500);
      } else {
        expect(answer.status).toBe(403);
        expect(answer.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('anonymously', async () => {
      expect((await send(route)).status).toBe(401);
    });
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = await fleet.service.http.get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/worker-templates',
        '/api/worker-templates/{name}',
        '/api/workers',
        '/api/workers/import',
        '/api/workers/{id}',
        '/api/workers/{id}/start',
        '/api/workers/{id}/license',
        '/api/workers/{id}/idle-status',
      ]),
    );
  });
});

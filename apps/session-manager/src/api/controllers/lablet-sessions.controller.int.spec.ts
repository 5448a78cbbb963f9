import { AdvanceSessionTimersCommand } from '../../application/commands/advance-session-timers.command';
import { PlaceSessionsCommand } from '../../application/commands/place-sessions.command';
import { NOW, at } from '../../testing/builders';
import {
  type SessionManagerFixture,
  accepted,
  defineLablet,
  labReady,
  reportWorker,
  startSessionManager,
} from '../../testing/service-fixture';

const SESSION = '/api/lablet-sessions/00000000-0000-4000-8000-000000000000';

/** Every route with the roles docs/architecture.md#roles gives it. */
const routes: Array<{ method: 'get' | 'post' | 'delete'; path: string; allowed: string[] }> = [
  { method: 'post', path: '/api/lablet-sessions', allowed: ['user', 'manager', 'admin'] },
  { method: 'get', path: '/api/lablet-sessions', allowed: ['user', 'manager', 'admin'] },
  { method: 'get', path: SESSION, allowed: ['user', 'manager', 'admin'] },
  { method: 'get', path: `${SESSION}/access`, allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: `${SESSION}/start`, allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: `${SESSION}/stop`, allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: `${SESSION}/extend`, allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: `${SESSION}/collect`, allowed: ['user', 'manager', 'admin'] },
  { method: 'post', path: `${SESSION}/cancel`, allowed: ['user', 'manager', 'admin'] },
  { method: 'delete', path: SESSION, allowed: ['admin'] },
  { method: 'get', path: '/api/timeslots/availability', allowed: ['user', 'manager', 'admin'] },
];

describe('session-manager HTTP API', () => {
  let f: SessionManagerFixture;

  beforeAll(async () => {
    f = await startSessionManager();
    await defineLablet(f.svc);
  });

  afterAll(async () => {
    await f?.svc.close();
  });

  const as = (roles: string | string[], sub = 'alice') => ({ authorization: f.svc.token(roles, sub) });

  async function request(owner = 'alice', body: Record<string, unknown> = {}) {
    const response = await f.svc.http
      .post('/api/lablet-sessions')
      .set(as('user', owner))
      .send({
        definitionName: 'ccna-lab',
        durationMinutes: 60,
        timeslotStart: at(120).toISOString(),
        ...body,
      });
    expect(response.status).toBe(201);
    return response.body as { id: string; status: string };
  }

  describe('authorization', () => {
    it.each(routes)('$method $path refuses a request without a token with 401', async ({ method, path }) => {
      const response = await f.svc.http[method](path);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it.each(routes)(
      '$method $path refuses roles other than $allowed with 403',
      async ({ method, path, allowed }) => {
        const others = ['user', 'manager', 'admin', 'service'].filter((role) => !allowed.includes(role));
        for (const role of others) {
          const response = await f.svc.http[method](path).set(as(role));
          expect([role, response.status]).toEqual([role, 403]);
        }
      },
    );

    it.each(routes)(
      '$method $path lets each of $allowed through the role check',
      async ({ method, path, allowed }) => {
        for (const role of allowed) {
          const response = await f.svc.http[method](path).set(as(role)).send({});
          expect([role, response.status]).not.toEqual([role, 401]);
          expect([role, response.status]).not.toEqual([role, 403]);
        }
      },
    );
  });

  describe('POST /lablet-sessions', () => {
    it('creates a PENDING session owned by the caller and announces it', async () => {
      const created = await request('alice');
      expect(created).toMatchObject({
        status: 'PENDING',
        ownerId: 'alice',
        definitionName: 'ccna-lab',
        definitionVersion: '1.0.0',
        timeslotStart: at(120).toISOString(),
        timeslotEnd: at(180).toISOString(),
      });
      const [event] = f.svc
        .publishedEvents('io.lcm.session.created.v1')
        .filter((e) => e.subject === created.id);
      expect(event.data).toMatchObject({ sessionId: created.id, status: 'PENDING', ownerId: 'alice' });
    });

    it('starts an ASAP request (no start given) now', async () => {
      const response = await f.svc.http
        .post('/api/lablet-sessions')
        .set(as('user'))
        .send({ definitionName: 'ccna-lab', durationMinutes: 30 });
      expect(response.status).toBe(201);
      expect(response.body.timeslotStart).toBe(NOW.toISOString());
    });

    it.each([
      [
        'a duration above the definition maximum',
        { durationMinutes: 121 },
        'longer than ccna-lab allows (120)',
      ],
      ['a start in the past', { timeslotStart: at(-10).toISOString() }, 'is in the past'],
      ['an unknown definition', { definitionName: 'nope' }, 'lablet definition nope is unknown or disabled'],
      ['an unknown version', { definitionVersion: '9.9.9' }, 'version 9.9.9 is unknown'],
    ])('refuses %s with 400 and saves nothing', async (_, body, detail) => {
      const before = f.svc.publishedEvents('io.lcm.session.created.v1').length;
      const response = await f.svc.http
        .post('/api/lablet-sessions')
        .set(as('user'))
        .send({ definitionName: 'ccna-lab', durationMinutes: 60, ...body });
      expect(response.status).toBe(400);
      expect(response.body.detail).toContain(detail);
      expect(f.svc.publishedEvents('io.lcm.session.created.v1')).toHaveLength(before);
    });

    it('refuses a malformed body with 400 naming the fields', async () => {
      const response = await f.svc.http
        .post('/api/lablet-sessions')
        .set(as('user'))
        .send({ durationMinutes: -1, timeslotStart: 'soon' });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'body.definitionName',
        'body.durationMinutes',
        'body.timeslotStart',
      ]);
    });
  });

  describe('owner rules', () => {
    it("answers 404 to a user asking for someone else's session, and shows it to managers and admins", async () => {
      const bobs = await request('bob');
      expect((await f.svc.http.get(`/api/lablet-sessions/${bobs.id}`).set(as('user', 'alice'))).status).toBe(
        404,
      );
      expect((await f.svc.http.get(`/api/lablet-sessions/${bobs.id}`).set(as('user', 'bob'))).status).toBe(
        200,
      );
      expect((await f.svc.http.get(`/api/lablet-sessions/${bobs.id}`).set(as('manager', 'mia'))).status).toBe(
        200,
      );
      expect((await f.svc.http.get(`/api/lablet-sessions/${bobs.id}`).set(as('admin', 'ada'))).status).toBe(
        200,
      );
    });

    it('lists only the caller’s own sessions for a user, all for a manager', async () => {
      await request('carol');
      await request('dave');
      const mine = await f.svc.http.get('/api/lablet-sessions').set(as('user', 'carol'));
      expect(mine.body.map((s: { ownerId: string }) => s.ownerId)).toEqual(['carol']);
      const snooping = await f.svc.http.get('/api/lablet-sessions?ownerId=dave').set(as('user', 'carol'));
      expect(snooping.body).toEqual([]);
      const all = await f.svc.http.get('/api/lablet-sessions?ownerId=dave').set(as('manager', 'mia'));
      expect(all.body.map((s: { ownerId: string }) => s.ownerId)).toEqual(['dave']);
      const pending = await f.svc.http.get('/api/lablet-sessions?status=PENDING').set(as('admin'));
      expect(new Set(pending.body.map((s: { ownerId: string }) => s.ownerId))).toEqual(
        new Set(['alice', 'bob', 'carol', 'dave']),
      );
    });

    it("answers 404 to a user acting on someone else's session and 403 to a manager; an admin may act", async () => {
      const erins = await request('erin');
      const cancel = (headers: Record<string, string>) =>
        f.svc.http.post(`/api/lablet-sessions/${erins.id}/cancel`).set(headers);
      expect((await cancel(as('user', 'frank'))).status).toBe(404);
      expect((await cancel(as('manager', 'mia'))).status).toBe(403);
      const byAdmin = await cancel(as('admin', 'ada'));
      expect(byAdmin.status).toBe(202);
      expect(byAdmin.body).toMatchObject({ status: 'CANCELLED', terminationReason: 'ADMIN_CANCELLED' });
    });

    it('answers 409 naming the status for an action the session is not in a state for', async () => {
      const mine = await request('gina');
      const response = await f.svc.http.post(`/api/lablet-sessions/${mine.id}/start`).set(as('user', 'gina'));
      expect(response.status).toBe(409);
      expect(response.body.detail).toBe(`lablet session ${mine.id} is PENDING; start is not allowed`);
    });
  });

  describe('GET /lablet-sessions/{id}/access', () => {
    it('gives the owner url, username, password and ports only when READY or RUNNING', async () => {
      const workerId = await reportWorker(f.svc);
      const created = await f.svc.http
        .post('/api/lablet-sessions')
        .set(as('user', 'hana'))
        .send({ definitionName: 'ccna-lab', durationMinutes: 60 });
      const id = created.body.id as string;
      const access = () => f.svc.http.get(`/api/lablet-sessions/${id}/access`).set(as('user', 'hana'));

      const early = await access();
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain('access is only given when READY or RUNNING');

      await f.svc.mediator.execute(new PlaceSessionsCommand('spec'));
      await f.svc.mediator.execute(new AdvanceSessionTimersCommand());
      accepted(await labReady(f.svc, id, workerId));
      f.credentials.passwords.set(`lab-${id.slice(0, 8)}`, 's3cret-pw');

      const ready = await access();
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({
        url: 'https://10.0.0.5/lab/cml-1',
        username: `lcm-${id.slice(0, 8)}`,
        password: 's3cret-pw',
        ports: { PORT_SERIAL_1: 2001, PORT_SERIAL_2: 2002 },
      });

      expect((await f.svc.http.get(`/api/lablet-sessions/${id}/access`).set(as('user', 'ivan'))).status).toBe(
        404,
      );
      expect((await f.svc.http.get(`/api/lablet-sessions/${id}/access`).set(as('admin', 'ada'))).status).toBe(
        403,
      );
      const shown = await f.svc.http.get(`/api/lablet-sessions/${id}`).set(as('admin', 'ada'));
      expect(JSON.stringify(shown.body)).not.toContain('s3cret-pw');
      expect(JSON.stringify(f.svc.publishedEvents())).not.toContain('s3cret-pw');
    });
  });
});

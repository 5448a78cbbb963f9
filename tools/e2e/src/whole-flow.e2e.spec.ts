import { DevIssuer } from '@lcm/neuro-core/hosting';
import { EventSpy, type SeenEvent } from './event-spy';
import { LcmSystem, QUICK_TIMINGS } from './lcm-system';
import { SESSION_HAPPY_PATH } from './session-happy-path';
import { call, withSystemLines } from './api-call';

/** The statuses an aggregate went through, as its events say, in the order they were sent. */
function statusesOf(events: SeenEvent[], subject: string, field = 'status'): string[] {
  return events.filter((e) => e.subject === subject).map((e) => String(e.data[field]));
}

describe('the whole flow, with every service in its own process', () => {
  const spy = new EventSpy();
  const system = new LcmSystem();
  let sessions: string;
  let ec2: string;
  let issuer: DevIssuer;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    const sink = await spy.start();
    await system.start({
      K_SINK: sink,
      ...QUICK_TIMINGS,
      IDLE_TIMEOUT_MINUTES: '0.2',
    });
    sessions = `http://127.0.0.1:${system.ports.sessionManager}`;
    ec2 = `http://127.0.0.1:${system.ports.ec2}`;
    issuer = await DevIssuer.load(system.keyFile);
    alice = await issuer.mint({ sub: 'alice', roles: ['user'] });
    bob = await issuer.mint({ sub: 'bob', roles: ['user'] });
  }, 120_000);

  afterAll(async () => {
    await system.stop();
    await spy.close();
  });

  it('takes a session from request to a running lab and back, then stops the idle worker', async () => {
    await withSystemLines(() => system.tail(60), walkTheFlow);
  });

  async function walkTheFlow(): Promise<void> {
    // 1. A user asks for a session now; no worker is running.
    const requested = await call(`${sessions}/api/lablet-sessions`, alice, 'POST', {
      definitionName: 'two-router-basics',
      durationMinutes: 30,
    });
    expect(requested.status).toBe(201);
    expect(requested.body.status).toBe('PENDING');
    const sessionId: string = requested.body.id;

    // 2. Capacity request -> a worker is created and reaches RUNNING with a CML endpoint.
    const capacity = await spy.waitFor('io.lcm.capacity.requested.v1');
    const created = await spy.waitFor('io.lcm.worker.created.v1');
    const workerId = String(created.subject);
    await spy.waitFor(
      'io.lcm.worker.status-changed.v1',
      (e) => e.subject === workerId && e.data['newStatus'] === 'RUNNING',
    );
    const endpoint = await spy.waitFor(
      'io.lcm.worker.endpoint-changed.v1',
      (e) => e.subject === workerId && Boolean(e.data['httpsEndpoint']),
    );
    const cml = String(endpoint.data['httpsEndpoint']);

    // 3. Placement sees the RUNNING worker -> SCHEDULED; 4. lab imported and started -> READY -> RUNNING.
    const scheduled = await spy.waitFor('io.lcm.session.scheduled.v1', (e) => e.subject === sessionId);
    expect(scheduled.data['workerId']).toBe(workerId);
    const ready = await spy.waitFor('io.lcm.lab.ready.v1', (e) => e.data['sessionId'] === sessionId);
    expect(JSON.stringify(ready.data)).not.toMatch(/password/i);
    await spy.waitFor('io.lcm.session.running.v1', (e) => e.subject === sessionId);

    const ports = ready.data['ports'] as Record<string, number>;
    expect(Object.keys(ports).sort()).toEqual(['PORT_SERIAL_1', 'PORT_SERIAL_2']);
    const cmlState = (await (await fetch(`${cml}/_sim/state`)).json()) as {
      labs: Array<{ id: string; state: string; topology: unknown }>;
      users: Array<{ username: string; admin: boolean }>;
    };
    const lab = cmlState.labs.find((l) => l.id === ready.data['cmlLabId']);
    expect(lab?.state).toBe('STARTED');
    const imported = JSON.stringify(lab?.topology);
    expect(imported).not.toContain('${PORT_');
    for (const port of Object.values(ports)) expect(imported).toContain(`port ${port}`);
    expect(cmlState.users.filter((u) => !u.admin).map((u) => u.username)).toEqual([ready.data['username']]);

    // The owner reads the access details; anyone else does not even learn the session exists.
    const access = await call(`${sessions}/api/lablet-sessions/${sessionId}/access`, alice);
    expect(access.status).toBe(200);
    expect(access.body).toMatchObject({ username: ready.data['username'], ports });
    expect(access.body.password).toEqual(expect.any(String));
    expect((await call(`${sessions}/api/lablet-sessions/${sessionId}/access`, bob)).status).toBe(404);

    // 5. The owner stops -> lab stopped, wiped, CML user removed -> STOPPED.
    expect((await call(`${sessions}/api/lablet-sessions/${sessionId}/stop`, alice, 'POST')).status).toBe(202);
    await spy.waitFor('io.lcm.lab.released.v1', (e) => e.data['sessionId'] === sessionId);
    await spy.waitFor('io.lcm.session.stopped.v1', (e) => e.subject === sessionId);
    const afterStop = (await (await fetch(`${cml}/_sim/state`)).json()) as typeof cmlState;
    expect(afterStop.labs.filter((l) => l.state === 'STARTED')).toEqual([]);
    expect(afterStop.users.filter((u) => !u.admin)).toEqual([]);

    // 6. No sessions and no running nodes for the idle timeout -> the worker is auto-stopped.
    const idleStop = await spy.waitFor(
      'io.lcm.worker.status-changed.v1',
      (e) => e.subject === workerId && e.data['newStatus'] === 'STOPPING',
      90_000,
    );
    expect(String(idleStop.data['reason'])).toContain('IDLE_TIMEOUT');
    await spy.waitFor(
      'io.lcm.worker.status-changed.v1',
      (e) => e.subject === workerId && e.data['newStatus'] === 'STOPPED',
    );

    // Nothing left behind: one EC2 instance, stopped.
    const { instances } = (await (await fetch(`${ec2}/_sim/instances`)).json()) as {
      instances: Array<{ state: string }>;
    };
    expect(instances.map((i) => i.state)).toEqual(['stopped']);

    // The events on each hop: no duplicates, the right order per aggregate.
    const ids = spy.events.map((e) => `${e.source}/${e.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(spy.of('io.lcm.capacity.requested.v1')).toEqual([capacity]);
    expect(spy.of('io.lcm.worker.created.v1')).toHaveLength(1);
    expect(statusesOf(spy.of('io.lcm.session.*'), sessionId)).toEqual(SESSION_HAPPY_PATH);
    expect(statusesOf(spy.of('io.lcm.worker.status-changed.v1'), workerId, 'newStatus')).toEqual([
      'PROVISIONING',
      'STARTING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
    ]);
    expect(spy.of('io.lcm.lab.ready.v1', 'io.lcm.lab.released.v1').map((e) => e.type)).toEqual([
      'io.lcm.lab.ready.v1',
      'io.lcm.lab.released.v1',
    ]);
    // Every event came with its sender's own token, which it got by client credentials from the dev
    // issuer's token endpoint: the service account of the event's source, with the service role.
    const verifier = issuer.authenticator();
    const callers = await Promise.all(spy.events.map((e) => verifier.authenticate(e.authorization)));
    expect(callers).toEqual(
      spy.events.map((e) =>
        expect.objectContaining({
          ok: true,
          value: expect.objectContaining({
            sub: `service-account-${e.source.slice(1)}`,
            roles: ['service'],
            claims: expect.objectContaining({ azp: e.source.slice(1) }),
          }),
        }),
      ),
    );
    // The system wrote no secret into its logs: no password, client secret or service token.
    const logs = system.output.join('\n');
    expect(logs).not.toContain(String(access.body.password));
    for (const service of ['worker-manager', 'lab-manager', 'session-manager']) {
      expect(logs).not.toContain(issuer.clientSecret(service));
    }
    for (const authorization of new Set(spy.events.map((e) => e.authorization))) {
      expect(logs).not.toContain(String(authorization).replace('Bearer ', ''));
    }
  }
});

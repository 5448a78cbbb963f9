import { EventSpy } from './event-spy';
import { LcmSystem, QUICK_TIMINGS } from './lcm-system';
import { call, withSystemLines } from './api-call';

const CLASS = ['ana', 'ben', 'cho', 'dev', 'eli', 'fay'];

// A class of six asks at the same moment for a session that needs a whole `small` worker each
// (docs/operations.md#burst-capacity): the burst becomes six workers launched together, and every session
// reaches READY instead of waiting one worker at a time and expiring.
describe('a class of six asking at once, with every service in its own process', () => {
  const spy = new EventSpy();
  const system = new LcmSystem();

  beforeAll(async () => {
    await system.start({ K_SINK: await spy.start(), ...QUICK_TIMINGS });
  }, 120_000);

  afterAll(async () => {
    await system.stop();
    await spy.close();
  });

  it('gets all six sessions READY, each on a worker of its own, six workers in all, none expired', async () => {
    const sessions = system.url('sessionManager');
    const labs = system.url('labManager');
    const manager = await system.token('teacher', ['manager']);
    const seeded = await call(`${labs}/api/lablet-definitions?name=two-router-basics`, manager);
    const created = await call(`${labs}/api/lablet-definitions`, manager, 'POST', {
      name: 'whole-small',
      version: '1.0.0',
      topologyYaml: seeded.body[0].topologyYaml,
      // more than half of a small worker's 2 cores and 2 GB: one session per worker
      resourceRequirements: { cpuCores: 1.5, memoryGb: 1.5, storageGb: 20 },
      licenseAffinity: ['PERSONAL'],
      maxDurationMinutes: 60,
    });
    expect(created.status).toBe(201);
    await spy.waitFor('io.lcm.lablet-definition.created.v1', (e) => e.data['name'] === 'whole-small');

    const tokens = await Promise.all(CLASS.map((sub) => system.token(sub, ['user'])));
    const requested = await Promise.all(
      tokens.map((token) =>
        call(`${sessions}/api/lablet-sessions`, token, 'POST', {
          definitionName: 'whole-small',
          durationMinutes: 30,
        }),
      ),
    );
    expect(requested.map((r) => r.status)).toEqual(CLASS.map(() => 201));
    const ids = requested.map((r) => String(r.body.id));

    await withSystemLines(
      () => system.tail(60),
      async () => {
        for (const id of ids) await spy.waitFor('io.lcm.session.ready.v1', (e) => e.subject === id, 180_000);
      },
    );
    const ready = ids.map((id) =>
      spy.events.find((e) => e.type === 'io.lcm.session.ready.v1' && e.subject === id),
    );
    expect(new Set(ready.map((e) => e?.data['workerId'])).size).toBe(6);
    // six workers for six sessions: a seventh would be paid for and never used
    expect(spy.of('io.lcm.worker.created.v1')).toHaveLength(6);
    expect(spy.events.filter((e) => e.type === 'io.lcm.session.expired.v1')).toEqual([]);
  }, 240_000);
});

import { EventSpy } from './event-spy';
import { LcmSystem, QUICK_TIMINGS } from './lcm-system';
import { call, withSystemLines } from './api-call';
import { defineSampleVariant } from './lablet-definition-steps';

const CLASS = ['ana', 'ben', 'cho', 'dev', 'eli', 'fay'];
const STUDENTS = ['gus', 'hal', 'ida', 'jo'];

// How the fleet grows for sessions (docs/operations.md#burst-capacity), with every service in its own process.
describe('capacity for sessions, with every service in its own process', () => {
  const spy = new EventSpy();
  const system = new LcmSystem();

  beforeAll(async () => {
    await system.start({ K_SINK: await spy.start(), ...QUICK_TIMINGS });
  }, 120_000);

  afterAll(async () => {
    await system.stop();
    await spy.close();
  });

  // A class of six asks at the same moment for a session that needs a whole `small` worker each: the burst
  // becomes six workers launched together, and every session reaches READY instead of waiting one worker
  // at a time and expiring.
  it('gets all six sessions of a class asking at once READY, each on a worker of its own, six workers in all, none expired', async () => {
    const sessions = system.url('sessionManager');
    await defineSampleVariant(system, spy, {
      name: 'whole-small',
      // more than half of a small worker's 2 cores and 2 GB: one session per worker
      resourceRequirements: { cpuCores: 1.5, memoryGb: 1.5, storageGb: 20 },
      licenseAffinity: ['PERSONAL'],
    });

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

  // Students arriving one after another, each once the one before has its lab, with a lablet two of which
  // fill a `large` worker (2 cores): the second shares the first's worker, the third finds it full and gets a
  // new one instead of waiting until it expires, and the fourth shares that one.
  it('fills a worker before launching the next when sessions arrive one at a time: two per worker, two workers', async () => {
    const sessions = system.url('sessionManager');
    await defineSampleVariant(system, spy, {
      name: 'half-large',
      // two fit a large worker's 2 cores (with the planner's 20% headroom too), three do not
      resourceRequirements: { cpuCores: 0.7, memoryGb: 1, storageGb: 4 },
      licenseAffinity: ['ENTERPRISE'],
    });

    const launchedBefore = spy.of('io.lcm.worker.created.v1').length;
    const workerOf: string[] = [];
    for (const student of STUDENTS) {
      const token = await system.token(student, ['user']);
      const requested = await call(`${sessions}/api/lablet-sessions`, token, 'POST', {
        definitionName: 'half-large',
        durationMinutes: 30,
      });
      expect(requested.status).toBe(201);
      const id = String(requested.body.id);
      const ready = await withSystemLines(
        () => system.tail(60),
        () => spy.waitFor('io.lcm.session.ready.v1', (e) => e.subject === id, 120_000),
      );
      workerOf.push(String(ready.data['workerId']));
    }
    expect(workerOf[1]).toBe(workerOf[0]);
    expect(workerOf[2]).not.toBe(workerOf[0]);
    expect(workerOf[3]).toBe(workerOf[2]);
    expect(spy.of('io.lcm.worker.created.v1')).toHaveLength(launchedBefore + 2);
    expect(spy.events.filter((e) => e.type === 'io.lcm.session.expired.v1')).toEqual([]);
  }, 300_000);
});

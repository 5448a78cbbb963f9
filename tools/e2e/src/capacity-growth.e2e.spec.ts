import { EventSpy } from './event-spy';
import { LcmSystem, QUICK_TIMINGS } from './lcm-system';
import { call, withSystemLines } from './api-call';

const STUDENTS = ['ana', 'ben', 'cho', 'dev'];

// Students arriving one after another, each once the one before has its lab, with a lablet two of which
// fill a `large` worker (2 cores): the second shares the first's worker, the third finds it full and gets a
// new one instead of waiting until it expires, and the fourth shares that one.
describe('sessions arriving one at a time as workers fill up, with every service in its own process', () => {
  const spy = new EventSpy();
  const system = new LcmSystem();

  beforeAll(async () => {
    await system.start({ K_SINK: await spy.start(), ...QUICK_TIMINGS });
  }, 120_000);

  afterAll(async () => {
    await system.stop();
    await spy.close();
  });

  it('gets each session READY, two per worker, on two workers in all', async () => {
    const sessions = system.url('sessionManager');
    const labs = system.url('labManager');
    const manager = await system.token('teacher', ['manager']);
    const seeded = await call(`${labs}/api/lablet-definitions?name=two-router-basics`, manager);
    const created = await call(`${labs}/api/lablet-definitions`, manager, 'POST', {
      name: 'half-large',
      version: '1.0.0',
      topologyYaml: seeded.body[0].topologyYaml,
      // two fit a large worker's 2 cores (with the planner's 20% headroom too), three do not
      resourceRequirements: { cpuCores: 0.7, memoryGb: 1, storageGb: 4 },
      licenseAffinity: ['ENTERPRISE'],
      maxDurationMinutes: 60,
    });
    expect(created.status).toBe(201);
    await spy.waitFor('io.lcm.lablet-definition.created.v1', (e) => e.data['name'] === 'half-large');

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
    expect(spy.of('io.lcm.worker.created.v1')).toHaveLength(2);
    expect(spy.events.filter((e) => e.type === 'io.lcm.session.expired.v1')).toEqual([]);
  }, 600_000);
});

import { aDemand, aSession, anAllocation, at } from '../../testing/builders';
import { WorkerAllocation } from '../entities/worker-allocation.aggregate';
import { WorkerCapacity } from '../entities/worker-capacity.aggregate';
import { licenceToAskFor, planPlacement, shortfallsOf } from './placement-plan';

/** A RUNNING ENTERPRISE worker in us-east-1 with room for `cpuCores` one-cpu sessions. */
function aWorker(id: string, cpuCores: number, status = 'RUNNING'): WorkerCapacity {
  return WorkerCapacity.observe(id, {
    status,
    templateName: 'large',
    region: 'us-east-1',
    licenseType: 'ENTERPRISE',
    capacity: { cpuCores, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    httpsEndpoint: null,
    observedAt: at(0).toISOString(),
  });
}

describe('planPlacement', () => {
  it('counts the capacity a worker already holds and leaves the sessions that no longer fit unplaced', () => {
    const held = new WorkerAllocation('w-1', { allocations: [anAllocation({ sessionId: 'held' })] });
    const first = aSession({ id: 's-1' });
    const second = aSession({ id: 's-2', ownerId: 'bob' });

    const plan = planPlacement([aWorker('w-1', 2)], [held], [first, second]);

    expect(plan.placements).toEqual([
      { session: first, worker: expect.any(WorkerCapacity), score: expect.any(Number) },
    ]);
    expect(plan.placements[0].worker.id).toBe('w-1');
    expect(plan.unplaced).toEqual([{ session: second, reason: 'AT_CAPACITY', launchUnderWay: false }]);
    expect(plan.shortfalls).toEqual([
      expect.objectContaining({ id: 'PERSONAL.us-east-1', licenseType: 'PERSONAL', region: 'us-east-1' }),
    ]);
  });

  it("does not count a due session's own hold against it (another run is scheduling it), so asks no capacity for it", () => {
    // A worker with room for one session, held by a run that is scheduling s-1 right now.
    const heldForIt = new WorkerAllocation('w-1', { allocations: [anAllocation({ sessionId: 's-1' })] });

    const plan = planPlacement([aWorker('w-1', 1)], [heldForIt], [aSession({ id: 's-1' })]);

    expect(plan.placements.map((p) => [p.session.id, p.worker.id])).toEqual([['s-1', 'w-1']]);
    expect(plan.shortfalls).toEqual([]);
  });

  it('places on a worker that holds nothing yet (no allocation saved for it) and asks for no capacity', () => {
    const plan = planPlacement([aWorker('w-1', 8)], [], [aSession({ id: 's-1' })]);

    expect(plan.placements.map((p) => [p.session.id, p.worker.id])).toEqual([['s-1', 'w-1']]);
    expect(plan.unplaced).toEqual([]);
    expect(plan.shortfalls).toEqual([]);
  });

  it('gives every session its reason when no worker runs', () => {
    const plan = planPlacement([aWorker('w-1', 8, 'DRAINING')], [], [aSession({ id: 's-1' })]);

    expect(plan.unplaced.map((u) => u.reason)).toEqual(['WORKER_DRAINING']);
  });

  it('leaves out of the shortfall the sessions a worker being launched will take, and asks for the rest', () => {
    const sessions = ['s-1', 's-2', 's-3'].map((id) =>
      aSession({ id, demand: aDemand({ licenseAffinity: ['ENTERPRISE'] }) }),
    );

    const plan = planPlacement([aWorker('w-1', 2, 'STARTING')], [], sessions);

    expect(plan.unplaced.map((u) => [u.session.id, u.reason, u.launchUnderWay])).toEqual([
      ['s-1', 'NO_RUNNING_WORKER', true],
      ['s-2', 'NO_RUNNING_WORKER', true],
      ['s-3', 'NO_RUNNING_WORKER', false],
    ]);
    expect(plan.shortfalls).toEqual([
      expect.objectContaining({
        id: 'ENTERPRISE.us-east-1',
        launchUnderWay: true,
        uncovered: [expect.objectContaining({ sessionId: 's-3' })],
      }),
    ]);
  });
});

describe('shortfallsOf', () => {
  it("lists each session's own demand per licence type and region", () => {
    const big = aDemand({ nodeCount: 25, licenseAffinity: ['PERSONAL', 'ENTERPRISE'] });
    const shortfalls = shortfallsOf([
      aSession({ id: 'a', startMinutes: 30 }),
      aSession({ id: 'b', startMinutes: 10 }),
      aSession({ id: 'c', startMinutes: 20, region: 'eu-west-1' }),
      aSession({ id: 'd', startMinutes: 40, demand: big }),
    ]);

    const one = (sessionId: string, nodeCount: number, start: number) => ({
      sessionId,
      cpuCores: 1,
      memoryGb: 2,
      storageGb: 10,
      nodeCount,
      neededBy: at(start),
    });
    expect(shortfalls).toEqual([
      {
        id: 'PERSONAL.us-east-1',
        licenseType: 'PERSONAL',
        region: 'us-east-1',
        uncovered: [one('a', 3, 30), one('b', 3, 10)],
        launchUnderWay: false,
      },
      {
        id: 'PERSONAL.eu-west-1',
        licenseType: 'PERSONAL',
        region: 'eu-west-1',
        uncovered: [one('c', 3, 20)],
        launchUnderWay: false,
      },
      {
        id: 'ENTERPRISE.us-east-1',
        licenseType: 'ENTERPRISE',
        region: 'us-east-1',
        uncovered: [one('d', 25, 40)],
        launchUnderWay: false,
      },
    ]);
  });

  it('is empty when every session was placed', () => {
    expect(shortfallsOf([])).toEqual([]);
  });
});

describe('licenceToAskFor', () => {
  it('takes the first licence of the affinity that can run the demand', () => {
    expect(licenceToAskFor(aDemand({ licenseAffinity: ['PERSONAL', 'ENTERPRISE'] }))).toBe('PERSONAL');
    expect(licenceToAskFor(aDemand({ nodeCount: 25, licenseAffinity: ['PERSONAL', 'ENTERPRISE'] }))).toBe(
      'ENTERPRISE',
    );
  });

  it('falls back to the first of the affinity when none can run it, so the request still names one', () => {
    expect(licenceToAskFor(aDemand({ nodeCount: 25, licenseAffinity: ['PERSONAL'] }))).toBe('PERSONAL');
  });
});

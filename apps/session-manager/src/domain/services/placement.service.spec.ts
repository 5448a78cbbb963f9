import { aDemand, aRequest, aWorker, anAllocation } from '../../testing/builders';
import { placeSessions } from './placement.service';

describe('placeSessions', () => {
  it('places a session on a RUNNING worker whose licence and capacity fit', () => {
    const [decision] = placeSessions([aWorker()], [aRequest()]);
    expect(decision).toMatchObject({ sessionId: 'session-1', workerId: 'worker-1', reason: null });
  });

  it('leaves a session PENDING with NO_RUNNING_WORKER when no worker runs', () => {
    const [decision] = placeSessions([aWorker({ status: 'STOPPED' })], [aRequest()]);
    expect(decision).toEqual({
      sessionId: 'session-1',
      workerId: null,
      score: null,
      reason: 'NO_RUNNING_WORKER',
    });
  });

  it('refuses a 25-node definition on a PERSONAL worker with INSUFFICIENT_LICENSE', () => {
    const personal = aWorker({
      licenseType: 'PERSONAL',
      capacity: { cpuCores: 48, memoryGb: 192, storageGb: 1000, maxNodes: 200 },
    });
    const [big] = placeSessions([personal], [aRequest({ demand: aDemand({ nodeCount: 25 }) })]);
    expect(big.reason).toBe('INSUFFICIENT_LICENSE');
    const [twenty] = placeSessions([personal], [aRequest({ demand: aDemand({ nodeCount: 20 }) })]);
    expect(twenty.workerId).toBe('worker-1');
  });

  it('refuses a worker whose licence type is not in the definition affinity', () => {
    const [decision] = placeSessions(
      [aWorker({ licenseType: 'EVALUATION' })],
      [aRequest({ demand: aDemand({ licenseAffinity: ['ENTERPRISE'] }) })],
    );
    expect(decision.reason).toBe('INSUFFICIENT_LICENSE');
  });

  it('names WORKER_DRAINING when only draining workers could have taken it', () => {
    const [decision] = placeSessions(
      [aWorker({ status: 'DRAINING' }), aWorker({ workerId: 'w2', status: 'STOPPED' })],
      [aRequest()],
    );
    expect(decision.reason).toBe('WORKER_DRAINING');
  });

  it.each([
    ['cpu', { cpuCores: 9 }],
    ['memory', { memoryGb: 33 }],
    ['storage', { storageGb: 201 }],
    ['nodes', { nodeCount: 31 }],
    ['ports', { ports: 8001 }],
  ])('names INSUFFICIENT_RESOURCES when even an empty worker has too little %s', (_, overrides) => {
    const [decision] = placeSessions([aWorker()], [aRequest({ demand: aDemand(overrides) })]);
    expect(decision.reason).toBe('INSUFFICIENT_RESOURCES');
  });

  it('counts overlapping sessions for the whole timeslot and names AT_CAPACITY', () => {
    const half = aDemand({ cpuCores: 4 });
    // 10:00-11:00 and 11:00-12:00 each hold 4 of 8 cpus; 10:30-11:30 overlaps both but never both at once.
    const worker = aWorker({
      allocations: [
        anAllocation({ sessionId: 'a', demand: half }),
        anAllocation({ sessionId: 'b', startMinutes: 60, demand: half }),
      ],
    });
    const [fits] = placeSessions(
      [worker],
      [aRequest({ startMinutes: 30, demand: aDemand({ cpuCores: 4 }) })],
    );
    expect(fits.workerId).toBe('worker-1');
    const [tooBig] = placeSessions(
      [worker],
      [aRequest({ startMinutes: 30, demand: aDemand({ cpuCores: 5 }) })],
    );
    expect(tooBig.reason).toBe('AT_CAPACITY');
    const [later] = placeSessions(
      [worker],
      [aRequest({ startMinutes: 120, demand: aDemand({ cpuCores: 8 }) })],
    );
    expect(later.workerId).toBe('worker-1');
  });

  it('counts the sessions it places in the same run against the ones after them', () => {
    const worker = aWorker({ capacity: { cpuCores: 2, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
    const decisions = placeSessions(
      [worker],
      [1, 2, 3].map((n) => aRequest({ sessionId: `s${n}` })),
    );
    expect(decisions.map((d) => d.workerId)).toEqual(['worker-1', 'worker-1', null]);
    expect(decisions[2].reason).toBe('AT_CAPACITY');
  });

  it('decides the earliest timeslot first, whatever order requests come in', () => {
    const worker = aWorker({ capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
    const decisions = placeSessions(
      [worker],
      [aRequest({ sessionId: 'late', startMinutes: 30 }), aRequest({ sessionId: 'early' })],
    );
    expect(decisions.map((d) => [d.sessionId, d.workerId])).toEqual([
      ['late', null],
      ['early', 'worker-1'],
    ]);
  });

  it('packs onto the fuller worker (bin-packing weighs 0.6)', () => {
    const busy = aWorker({
      workerId: 'busy',
      allocations: [
        anAllocation({ demand: aDemand({ cpuCores: 6, memoryGb: 24, storageGb: 150, nodeCount: 20 }) }),
      ],
    });
    const empty = aWorker({ workerId: 'empty' });
    const [decision] = placeSessions([empty, busy], [aRequest()]);
    expect(decision.workerId).toBe('busy');
  });

  it('prefers a worker in the session region when capacity is alike (0.2)', () => {
    const [decision] = placeSessions(
      [aWorker({ workerId: 'a-far', region: 'eu-west-1' }), aWorker({ workerId: 'b-near' })],
      [aRequest()],
    );
    expect(decision.workerId).toBe('b-near');
    expect(decision.score).toBeCloseTo(
      0.6 * (1 - (7 / 8 + 30 / 32 + 190 / 200 + 27 / 30) / 4) + 0.2 + 0.2,
      6,
    );
  });

  it('prefers the worker with fewer overlapping sessions when packing is equal (0.2)', () => {
    const tiny = aDemand({ cpuCores: 0.001, memoryGb: 0.001, storageGb: 0, nodeCount: 0, ports: 0 });
    const crowded = aWorker({
      workerId: 'a-crowded',
      allocations: [1, 2, 3].map((n) => anAllocation({ sessionId: `h${n}`, demand: tiny })),
    });
    const quiet = aWorker({
      workerId: 'b-quiet',
      capacity: { cpuCores: 8 - 0.003, memoryGb: 32 - 0.003, storageGb: 200, maxNodes: 30 },
    });
    const [decision] = placeSessions([crowded, quiet], [aRequest()]);
    expect(decision.workerId).toBe('b-quiet');
  });

  it('never moves a session already holding a worker to make room (no pre-emption)', () => {
    const held = anAllocation({ sessionId: 'running', demand: aDemand({ cpuCores: 8 }) });
    const worker = aWorker({ allocations: [held] });
    const [decision] = placeSessions([worker], [aRequest({ demand: aDemand({ cpuCores: 8 }) })]);
    expect(decision.reason).toBe('AT_CAPACITY');
    expect(worker.allocations).toEqual([held]);
  });

  it('places all of 10,000 requests over 1,000 workers (speed is measured by `npm run bench -- placement`)', () => {
    const workers = Array.from({ length: 1000 }, (_, i) =>
      aWorker({
        workerId: `w${String(i).padStart(4, '0')}`,
        region: i % 3 ? 'us-east-1' : 'eu-west-1',
        licenseType: i % 5 ? 'ENTERPRISE' : 'PERSONAL',
      }),
    );
    const requests = Array.from({ length: 10_000 }, (_, i) =>
      aRequest({ sessionId: `s${i}`, startMinutes: (i % 48) * 30, durationMinutes: 60 + (i % 3) * 30 }),
    );
    const decisions = placeSessions(workers, requests);
    // No timing here: a timed unit test fails on a loaded runner; the benchmark measures speed.
    expect(decisions.filter((d) => d.workerId !== null)).toHaveLength(10_000);
  });
});

import { NOW, aDemand, anAllocation, at } from '../../testing/builders';
import { WorkerAllocation } from './worker-allocation.aggregate';

const limits = { capacity: { cpuCores: 2, memoryGb: 8, storageGb: 100, maxNodes: 10 }, portCount: 100 };
const oneCpu = aDemand({ cpuCores: 1 });

describe('WorkerAllocation', () => {
  it('holds capacity for sessions until the worker is full for that time', () => {
    const allocation = WorkerAllocation.empty('worker-1');
    expect(allocation.allocate(anAllocation({ sessionId: 'a', demand: oneCpu }), limits, NOW).ok).toBe(true);
    expect(allocation.allocate(anAllocation({ sessionId: 'b', demand: oneCpu }), limits, NOW).ok).toBe(true);
    const third = allocation.allocate(anAllocation({ sessionId: 'c', demand: oneCpu }), limits, NOW);
    expect(third).toEqual({
      ok: false,
      error: expect.stringContaining('worker worker-1 has no free capacity for lablet session c'),
    });
    expect(
      allocation.allocate(anAllocation({ sessionId: 'c', startMinutes: 60, demand: oneCpu }), limits, NOW).ok,
    ).toBe(true);
  });

  it('is idempotent for a session it already holds', () => {
    const allocation = WorkerAllocation.empty('worker-1');
    allocation.allocate(anAllocation({ sessionId: 'a', demand: oneCpu }), limits, NOW);
    allocation.allocate(anAllocation({ sessionId: 'a', demand: oneCpu }), limits, NOW);
    expect(allocation.allocations).toHaveLength(1);
  });

  it('frees capacity when a session is released and forgets ended sessions', () => {
    const allocation = WorkerAllocation.empty('worker-1');
    allocation.allocate(anAllocation({ sessionId: 'a', demand: aDemand({ cpuCores: 2 }) }), limits, NOW);
    expect(allocation.release('a')).toBe(true);
    expect(allocation.release('a')).toBe(false);
    allocation.allocate(anAllocation({ sessionId: 'old', demand: aDemand({ cpuCores: 2 }) }), limits, NOW);
    expect(
      allocation.allocate(
        anAllocation({ sessionId: 'new', startMinutes: 60, demand: aDemand({ cpuCores: 2 }) }),
        limits,
        at(61),
      ).ok,
    ).toBe(true);
    expect(allocation.allocations.map((a) => a.sessionId)).toEqual(['new']);
  });

  it('extends a session while the worker stays free and refuses when the next timeslot is taken', () => {
    const allocation = WorkerAllocation.empty('worker-1');
    const full = aDemand({ cpuCores: 2 });
    allocation.allocate(anAllocation({ sessionId: 'mine', demand: full }), limits, NOW);
    allocation.allocate(anAllocation({ sessionId: 'next', startMinutes: 90, demand: full }), limits, NOW);
    expect(allocation.extend('mine', at(90), limits).ok).toBe(true);
    const refused = allocation.extend('mine', at(120), limits);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain('cannot be extended');
    expect(allocation.allocations.find((a) => a.sessionId === 'mine')?.end).toBe(at(90).getTime());
    expect(allocation.extend('mine', at(60), limits).ok).toBe(true);
    expect(allocation.allocations.find((a) => a.sessionId === 'mine')?.end).toBe(at(60).getTime());
  });
});

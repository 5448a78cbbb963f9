import { systemClock } from '@lcm/neuro-core';
import { InMemoryRepository } from '@lcm/neuro-core/hosting';
import { WorkerPortAllocation } from '../../domain/entities/worker-port-allocation.aggregate';
import type { WorkerPortAllocationRepository } from '../../domain/repositories/worker-port-allocation.repository';
import { PortAllocator } from './port-allocator';

const WORKER = '6f1c2f7e-1111-4a5b-8c9d-000000000001';

function aLedgerStore(): WorkerPortAllocationRepository {
  return new InMemoryRepository({
    collection: 'worker_port_allocations',
    source: '/lab-manager',
    rehydrate: WorkerPortAllocation.rehydrate,
  }) as unknown as WorkerPortAllocationRepository;
}

const range = (start: number, end: number) => ({ PORT_RANGE_START: start, PORT_RANGE_END: end });

describe('PortAllocator', () => {
  it('gives 200 concurrent allocations on one worker 200 distinct ports in the range', async () => {
    const allocator = new PortAllocator(aLedgerStore(), range(2000, 9999), systemClock);

    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => allocator.allocate(WORKER, `record-${i}`, ['PORT_SERIAL_1'])),
    );

    const ports = results.map((r) => (r.ok ? r.value['PORT_SERIAL_1'] : undefined));
    expect(ports.every((p) => p !== undefined && p >= 2000 && p <= 9999)).toBe(true);
    expect(new Set(ports).size).toBe(200);
  });

  it('keeps two replicas sharing one ledger from handing out the same port (optimistic concurrency)', async () => {
    const store = aLedgerStore();
    const replicas = [
      new PortAllocator(store, range(2000, 9999), systemClock),
      new PortAllocator(store, range(2000, 9999), systemClock),
    ];

    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        replicas[i % 2]!.allocate(WORKER, `record-${i}`, ['PORT_A', 'PORT_B']),
      ),
    );

    const ports = results.flatMap((r) => (r.ok ? Object.values(r.value) : []));
    expect(ports).toHaveLength(120);
    expect(new Set(ports).size).toBe(120);
  });

  it('returns the same ports to a record that already has some', async () => {
    const allocator = new PortAllocator(aLedgerStore(), range(2000, 2010), systemClock);
    const first = await allocator.allocate(WORKER, 'record-1', ['PORT_SERIAL_1']);
    const again = await allocator.allocate(WORKER, 'record-1', ['PORT_SERIAL_1']);
    expect(again).toEqual(first);
  });

  it('refuses when the range has too few free ports, and frees ports of a released record for reuse', async () => {
    const allocator = new PortAllocator(aLedgerStore(), range(2000, 2001), systemClock);
    await allocator.allocate(WORKER, 'record-1', ['PORT_A', 'PORT_B']);

    const refused = await allocator.allocate(WORKER, 'record-2', ['PORT_A']);
    await allocator.release(WORKER, 'record-1');
    const after = await allocator.allocate(WORKER, 'record-2', ['PORT_A']);

    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toContain('fewer than 1 free ports in 2000-2001');
    expect(after.ok && after.value).toEqual({ PORT_A: 2000 });
  });

  it('keeps the ledgers of different workers apart', async () => {
    const allocator = new PortAllocator(aLedgerStore(), range(3000, 3100), systemClock);
    const a = await allocator.allocate('worker-a', 'r1', ['PORT_X']);
    const b = await allocator.allocate('worker-b', 'r2', ['PORT_X']);
    expect(a.ok && b.ok && a.value['PORT_X'] === b.value['PORT_X']).toBe(true);
  });
});

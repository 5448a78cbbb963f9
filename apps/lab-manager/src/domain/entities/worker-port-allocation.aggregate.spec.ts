import { WorkerPortAllocation } from './worker-port-allocation.aggregate';

describe('WorkerPortAllocation', () => {
  it('hands out the lowest free ports and skips ones another record owns', () => {
    const ledger = WorkerPortAllocation.open('w-1');
    ledger.allocate('r-1', ['PORT_A'], { start: 2000, end: 2010 });
    ledger.allocate('r-2', ['PORT_A', 'PORT_B'], { start: 2000, end: 2010 });
    ledger.release('r-1');

    const third = ledger.allocate('r-3', ['PORT_A', 'PORT_B'], { start: 2000, end: 2010 });

    expect(third).toEqual({ ok: true, value: { PORT_A: 2000, PORT_B: 2003 } });
    expect(ledger.usedPorts).toBe(4);
  });
});

import { WorkerPortAllocation } from './worker-port-allocation.aggregate';

const AT = new Date('2026-03-02T08:00:00Z');
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

describe('WorkerPortAllocation', () => {
  it('hands out the lowest free ports and skips ones another record owns', () => {
    const ledger = WorkerPortAllocation.open('w-1');
    ledger.allocate('r-1', ['PORT_A'], { start: 2000, end: 2010 }, AT);
    ledger.allocate('r-2', ['PORT_A', 'PORT_B'], { start: 2000, end: 2010 }, AT);
    ledger.release('r-1');

    const third = ledger.allocate('r-3', ['PORT_A', 'PORT_B'], { start: 2000, end: 2010 }, AT);

    expect(third).toEqual({ ok: true, value: { PORT_A: 2000, PORT_B: 2003 } });
    expect(ledger.usedPorts).toBe(4);
  });

  it('reclaims the ports of owners that are no live record, once they are older than the grace', () => {
    const range = { start: 2000, end: 2010 };
    const ledger = WorkerPortAllocation.open('w-1');
    ledger.allocate('live', ['PORT_A'], range, AT);
    ledger.allocate('crashed-before-save', ['PORT_A'], range, AT);
    ledger.allocate('being-saved-now', ['PORT_A'], range, minutes(9));

    expect(ledger.reclaimUnowned(new Set(['live']), minutes(5))).toEqual(['crashed-before-save']);
    expect(ledger.state.owners).toEqual({ live: { PORT_A: 2000 }, 'being-saved-now': { PORT_A: 2002 } });
    // The freed port is handed out again.
    expect(ledger.allocate('next', ['PORT_A'], range, minutes(10))).toEqual({
      ok: true,
      value: { PORT_A: 2001 },
    });
    expect(ledger.reclaimUnowned(new Set(['live', 'being-saved-now', 'next']), minutes(30))).toEqual([]);
  });
});

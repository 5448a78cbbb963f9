import { FaultInjector } from './fault-injector';

describe('FaultInjector', () => {
  it('hits exactly the next count matching calls, first injected first', () => {
    const faults = new FaultInjector();
    faults.add({ kind: 'throttle', action: 'DescribeInstances', count: 2 });
    faults.add({ kind: 'error500' });

    const hits = [
      'RunInstances',
      'DescribeInstances',
      'DescribeInstances',
      'DescribeInstances',
      'DescribeInstances',
    ].map((action) => faults.take(action)?.kind);

    expect(hits).toEqual(['error500', 'throttle', 'throttle', undefined, undefined]);
  });

  it('refuses specs that cannot be applied', () => {
    const faults = new FaultInjector();

    expect(() => faults.add({ kind: 'throttle', count: 0 })).toThrow('fault count 0 must be an integer >= 1');
    expect(() => faults.add({ kind: 'delay' })).toThrow('a delay fault needs delayMs >= 0, got undefined');
    expect(faults.list()).toEqual([]);
  });
});

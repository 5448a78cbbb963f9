import { CapacityRequestedSchema } from '@lcm/contracts';
import { cloudEventTypeOf } from '@lcm/neuro-core/domain';
import { NOW, at } from '../../testing/builders';
import { CapacityShortfall } from './capacity-shortfall.aggregate';

const demand = { cpuCores: 3, memoryGb: 6, storageGb: 30, nodeCount: 9, neededBy: at(10) };
const HALF_HOUR = 30 * 60_000;

describe('CapacityShortfall', () => {
  it('asks once with io.lcm.capacity.requested.v1 carrying the summed demand, as the contract says', () => {
    const shortfall = CapacityShortfall.of('ENTERPRISE', 'us-east-1');
    expect(shortfall.report(demand, 'req-1', NOW, HALF_HOUR)).toBe(true);
    const [event] = shortfall.pendingEvents;
    expect(cloudEventTypeOf(event)).toBe('io.lcm.capacity.requested.v1');
    expect(CapacityRequestedSchema.parse(event.toData())).toEqual({
      requestId: 'req-1',
      cpuCores: 3,
      memoryGb: 6,
      storageGb: 30,
      nodeCount: 9,
      licenseType: 'ENTERPRISE',
      region: 'us-east-1',
      neededBy: at(10).toISOString(),
    });
  });

  it('stays silent while its request is open, and asks again once it timed out', () => {
    const shortfall = CapacityShortfall.of('ENTERPRISE', 'us-east-1');
    shortfall.report(demand, 'req-1', NOW, HALF_HOUR);
    expect(shortfall.report(demand, 'req-2', at(29), HALF_HOUR)).toBe(false);
    expect(shortfall.openRequestId).toBe('req-1');
    expect(shortfall.report(demand, 'req-3', at(30), HALF_HOUR)).toBe(true);
    expect(shortfall.openRequestId).toBe('req-3');
    expect(shortfall.pendingEvents).toHaveLength(2);
  });

  it('asks again right away for a new shortfall after the last one was satisfied', () => {
    const shortfall = CapacityShortfall.of('PERSONAL', 'eu-west-1');
    shortfall.report(demand, 'req-1', NOW, HALF_HOUR);
    expect(shortfall.satisfy()).toBe(true);
    expect(shortfall.satisfy()).toBe(false);
    expect(shortfall.report(demand, 'req-2', at(1), HALF_HOUR)).toBe(true);
  });
});

import { CapacityRequestedSchema } from '@lcm/contracts';
import { cloudEventTypeOf } from '@lcm/neuro-core/domain';
import { NOW, at } from '../../testing/builders';
import { CapacityShortfall, type WaitingDemand } from './capacity-shortfall.aggregate';

const HALF_HOUR = 30 * 60_000;
const waiting = (sessionId: string, start = 10): WaitingDemand => ({
  sessionId,
  cpuCores: 3,
  memoryGb: 6,
  storageGb: 30,
  nodeCount: 9,
  neededBy: at(start),
});
const seen = (ids: string[], launchUnderWay = false) => ({
  uncovered: ids.map((id) => waiting(id)),
  launchUnderWay,
});
const askedIds = (shortfall: CapacityShortfall) =>
  shortfall.pendingEvents.map((event) =>
    CapacityRequestedSchema.parse(event.toData()).demands?.map((d) => d.sessionId),
  );

describe('CapacityShortfall', () => {
  it('asks with io.lcm.capacity.requested.v1 carrying the sum and each session’s own demand, as the contract says', () => {
    const shortfall = CapacityShortfall.of('ENTERPRISE', 'us-east-1');
    const outcome = shortfall.report(
      { uncovered: [waiting('a', 20), waiting('b', 10)], launchUnderWay: false },
      'req-1',
      NOW,
      HALF_HOUR,
    );
    expect(outcome.asked.map((d) => d.sessionId)).toEqual(['a', 'b']);
    const [event] = shortfall.pendingEvents;
    expect(cloudEventTypeOf(event)).toBe('io.lcm.capacity.requested.v1');
    const one = { cpuCores: 3, memoryGb: 6, storageGb: 30, nodeCount: 9 };
    expect(CapacityRequestedSchema.parse(event.toData())).toEqual({
      requestId: 'req-1',
      cpuCores: 6,
      memoryGb: 12,
      storageGb: 60,
      nodeCount: 18,
      licenseType: 'ENTERPRISE',
      region: 'us-east-1',
      neededBy: at(10).toISOString(),
      demands: [
        { sessionId: 'a', ...one },
        { sessionId: 'b', ...one },
      ],
    });
  });

  it('stays silent about sessions asked for, asks for the ones the waiting set grew by, and again after the timeout', () => {
    const shortfall = CapacityShortfall.of('ENTERPRISE', 'us-east-1');
    shortfall.report(seen(['a', 'b']), 'req-1', NOW, HALF_HOUR);
    expect(shortfall.report(seen(['a', 'b']), 'req-2', at(29), HALF_HOUR).asked).toEqual([]);
    expect(shortfall.openRequestId).toBe('req-1');
    shortfall.report(seen(['a', 'b', 'c']), 'req-3', at(29), HALF_HOUR);
    expect(shortfall.openRequestId).toBe('req-3');
    shortfall.report(seen(['a', 'b', 'c']), 'req-4', at(30), HALF_HOUR);
    expect(askedIds(shortfall)).toEqual([['a', 'b'], ['c'], ['a', 'b']]);
    expect(shortfall.isAskedFor('a', at(31), HALF_HOUR)).toBe(true);
    expect(shortfall.isAskedFor('z', at(31), HALF_HOUR)).toBe(false);
  });

  it('asks again at once for the sessions still uncovered once the launches it saw under way have landed', () => {
    const shortfall = CapacityShortfall.of('ENTERPRISE', 'us-east-1');
    shortfall.report(seen(['a', 'b', 'c']), 'req-1', NOW, HALF_HOUR);
    expect(shortfall.report(seen(['b', 'c'], true), 'req-2', at(1), HALF_HOUR)).toMatchObject({
      asked: [],
      changed: true,
    });
    expect(shortfall.report(seen(['b', 'c'], true), 'req-3', at(2), HALF_HOUR).changed).toBe(false);
    expect(shortfall.report(seen(['c']), 'req-4', at(4), HALF_HOUR).asked.map((d) => d.sessionId)).toEqual([
      'c',
    ]);
    expect(shortfall.report(seen(['c']), 'req-5', at(5), HALF_HOUR).asked).toEqual([]);
    expect(askedIds(shortfall)).toEqual([['a', 'b', 'c'], ['c']]);
  });

  it('asks again right away for a new shortfall after the last one was satisfied', () => {
    const shortfall = CapacityShortfall.of('PERSONAL', 'eu-west-1');
    shortfall.report(seen(['a']), 'req-1', NOW, HALF_HOUR);
    expect(shortfall.satisfy()).toBe(true);
    expect(shortfall.satisfy()).toBe(false);
    expect(shortfall.report(seen(['a']), 'req-2', at(1), HALF_HOUR).asked).toHaveLength(1);
  });
});

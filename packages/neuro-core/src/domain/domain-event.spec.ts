import { DomainEvent } from './domain-event';

class WorkerResized extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly size: { cpu: number; memoryGb: number },
    readonly resizedAt: Date,
    readonly reason?: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

describe('DomainEvent', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  it('carries the aggregate id and when it happened', () => {
    const event = new WorkerResized('w1', at, { cpu: 4, memoryGb: 16 }, at);
    expect(event.aggregateId).toBe('w1');
    expect(event.occurredAt).toBe(at);
  });

  it('turns its own fields into CloudEvent data, without the envelope fields, as JSON would', () => {
    const event = new WorkerResized('w1', at, { cpu: 4, memoryGb: 16 }, at);
    expect(event.toData()).toEqual({ size: { cpu: 4, memoryGb: 16 }, resizedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('hands out data that is a copy of the event', () => {
    const event = new WorkerResized('w1', at, { cpu: 4, memoryGb: 16 }, at, 'load');
    const data = event.toData();
    (data['size'] as { cpu: number }).cpu = 64;
    expect(event.size.cpu).toBe(4);
    expect(data['reason']).toBe('load');
  });
});

import { DomainEvent } from '../domain/domain-event';

/**
 * The test Counter went up. Its `@cloudevent` type is given by `Counter.registerEvents()` rather than a
 * decorator, so importing neuro-core in production does not add test types to the event registry.
 */
export class CounterIncremented extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly by: number,
    readonly count: number,
  ) {
    super(aggregateId, occurredAt);
  }
}

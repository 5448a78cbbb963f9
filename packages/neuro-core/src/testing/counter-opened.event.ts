import { DomainEvent } from '../domain/domain-event';

/**
 * The test Counter was opened. Its `@cloudevent` type is given by `Counter.registerEvents()` rather than
 * a decorator, so importing neuro-core in production does not add test types to the event registry.
 */
export class CounterOpened extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly name: string,
    readonly team: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

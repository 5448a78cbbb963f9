/**
 * Something that happened to an aggregate. Subclasses add their payload as public readonly fields; the
 * payload (all fields but `aggregateId` and `occurredAt`) becomes the CloudEvent's `data`.
 */
export abstract class DomainEvent {
  constructor(
    readonly aggregateId: string,
    readonly occurredAt: Date,
  ) {}

  /** The CloudEvent `data` of this event: its own fields, minus the envelope ones. */
  toData(): Record<string, unknown> {
    const { aggregateId: _id, occurredAt: _at, ...data } = this as unknown as Record<string, unknown>;
    return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  }
}

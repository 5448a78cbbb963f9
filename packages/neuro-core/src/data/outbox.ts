import type { DomainEvent } from '../domain/domain-event';

/** A domain event as saved in the aggregate's document: a complete CloudEvent 1.0 in structured form. */
export interface OutboxEntry {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown>;
  /**
   * The W3C trace context of the request that saved it (the CloudEvents distributed-tracing extension),
   * so its delivery and what the receivers do continue that trace. Absent when nothing is traced.
   */
  readonly traceparent?: string;
}

/** The events still waiting in one aggregate's outbox. */
export interface OutboxBatch {
  readonly aggregateId: string;
  readonly entries: readonly OutboxEntry[];
}

/** A store whose documents carry an outbox the relay drains. Both repository kinds are one. */
export interface OutboxStore {
  /** The collection name, for logs and metrics. */
  readonly collectionName: string;
  /** Aggregates with undelivered events, up to `limit` of them. */
  pendingOutbox(limit: number): Promise<OutboxBatch[]>;
  /** Removes relayed events from an aggregate's outbox without touching its state or version. */
  acknowledgeOutbox(aggregateId: string, eventIds: readonly string[]): Promise<void>;
}

/**
 * Told after every successful save, with the events saved in that write: publishes them in-process and
 * wakes the outbox relay. A failure here never undoes the save (the outbox still holds the events).
 */
export interface DomainEventPublisher {
  saved(events: readonly DomainEvent[], entries: readonly OutboxEntry[]): Promise<void>;
}

/** DI token of the DomainEventPublisher. */
export const DOMAIN_EVENT_PUBLISHER = Symbol.for('lcm.DomainEventPublisher');

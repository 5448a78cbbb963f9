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

/** Events of one aggregate's outbox: waiting to be queued, or queued and waiting to be confirmed. */
export interface OutboxBatch {
  readonly aggregateId: string;
  readonly entries: readonly OutboxEntry[];
}

/**
 * An event the relay has queued for delivery, kept in its aggregate's document until its delivery job is
 * done: the queue lives in Redis, and a Redis that loses it (a FLUSHALL, a restart without persistence)
 * must not lose the event.
 */
export interface QueuedOutboxEntry {
  readonly entry: OutboxEntry;
  /** When it was queued, or last found still queued (ISO 8601). */
  readonly queuedAt: string;
  /**
   * The subscribers that had acknowledged it when it was last found still queued (the delivery job's
   * own record, which is in Redis only), so a job queued again after Redis lost it skips them.
   */
  readonly deliveredTo: readonly string[];
}

/** The queued events of one aggregate. */
export interface QueuedOutboxBatch {
  readonly aggregateId: string;
  readonly entries: readonly QueuedOutboxEntry[];
}

/** A store whose documents carry an outbox the relay drains. Both repository kinds are one. */
export interface OutboxStore {
  /** The collection name, for logs and metrics. */
  readonly collectionName: string;
  /** Aggregates with events not queued for delivery yet, up to `limit` of them. */
  pendingOutbox(limit: number): Promise<OutboxBatch[]>;
  /**
   * Records that these events are queued at `queuedAt` (they leave `pendingOutbox`), or, for events
   * already queued, that they were found still queued then, with the subscribers that had acknowledged
   * them (`deliveredTo`, kept as it was when omitted). Never touches state or version.
   */
  markOutboxQueued(
    aggregateId: string,
    eventIds: readonly string[],
    queuedAt: Date,
    deliveredTo?: readonly string[],
  ): Promise<void>;
  /** Aggregates with events queued at or before `queuedBefore`, up to `limit` of them, with those events. */
  queuedOutbox(queuedBefore: Date, limit: number): Promise<QueuedOutboxBatch[]>;
  /** Removes delivered events (queued or not) without touching the aggregate's state or version. */
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

import { activeTraceparent } from '../ops/tracing';
import { randomUUID } from 'node:crypto';
import { cloudEventTypeOf } from '../domain/cloudevent.decorator';
import type { AggregateRoot } from '../domain/aggregate-root';
import type { DomainEvent } from '../domain/domain-event';
import type { DomainEventPublisher, OutboxEntry, QueuedOutboxEntry } from './outbox';

/** How a repository is told about its aggregate type and where its events come from. */
export interface RepositoryOptions<
  T extends AggregateRoot<S, K>,
  S extends object = object,
  K extends string = string,
> {
  /** Collection (and metric/log) name, e.g. `workers`. */
  readonly collection: string;
  /** CloudEvent `source` of this service's events, e.g. `/worker-manager`. */
  readonly source: string;
  /** Builds the aggregate back from a stored state and version. */
  readonly rehydrate: (id: K, state: S, stateVersion: number) => T;
  /** Told after each save; omitted in tests that only look at storage. */
  readonly publisher?: DomainEventPublisher;
}

/** The stored form of an aggregate: its state fields at the top level, so filters read naturally. */
export type AggregateDocument = Record<string, unknown> & {
  _id: string;
  stateVersion: number;
  _outbox: OutboxEntry[];
  /** Events queued for delivery and not yet confirmed delivered; absent until the first is queued. */
  _queued?: QueuedOutboxEntry[];
};

const RESERVED = new Set(['_id', 'stateVersion', '_outbox', '_queued']);
const LOGICAL = new Set(['$and', '$or', '$nor']);

/** Builds the outbox entries (CloudEvents) for the events an aggregate recorded. */
export function toOutboxEntries(events: readonly DomainEvent[], source: string): OutboxEntry[] {
  const traceparent = activeTraceparent();
  return events.map((event) => ({
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: cloudEventTypeOf(event),
    subject: event.aggregateId,
    time: event.occurredAt.toISOString(),
    datacontenttype: 'application/json',
    data: event.toData(),
    ...(traceparent ? { traceparent } : {}),
  }));
}

/** The document fields for an aggregate's state and a version (without the outbox). */
export function stateFields(aggregate: AggregateRoot<object>, version: number): Record<string, unknown> {
  const state = aggregate.state as Record<string, unknown>;
  for (const key of Object.keys(state)) {
    if (RESERVED.has(key)) throw new Error(`aggregate state may not have a field named ${key}`);
  }
  return { ...structuredClone(state), _id: aggregate.id, stateVersion: version };
}

/** Splits a stored document back into its id, state and version. */
export function fromDocument(doc: Record<string, unknown>): {
  id: string;
  state: object;
  stateVersion: number;
} {
  const { _id, stateVersion, _outbox, _queued, ...state } = doc;
  return { id: String(_id), state, stateVersion: Number(stateVersion) };
}

/**
 * Maps `id` in a filter or sort to the stored `_id`, also inside `$and`/`$or`/`$nor`, leaving everything
 * else as MongoDB reads it.
 */
export function toStoredKeys<V>(query: Readonly<Record<string, V>> | undefined): Record<string, V> {
  if (!query) return {};
  const out: Record<string, V> = {};
  for (const [key, value] of Object.entries(query)) {
    out[key === 'id' ? '_id' : key] =
      LOGICAL.has(key) && Array.isArray(value) ? (value.map((clause) => toStoredKeys(clause)) as V) : value;
  }
  return out;
}

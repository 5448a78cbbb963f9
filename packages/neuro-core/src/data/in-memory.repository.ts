import { find } from 'mingo';
import type { AggregateRoot } from '../domain/aggregate-root';
import {
  type AggregateDocument,
  type RepositoryOptions,
  fromDocument,
  stateFields,
  toOutboxEntries,
  toStoredKeys,
} from './aggregate-document';
import { concurrencyError, duplicateIdError } from './concurrency';
import type { OutboxBatch, OutboxStore, QueuedOutboxBatch } from './outbox';
import { type Filter, type FindOptions, Repository } from './repository';

/**
 * A repository in process memory with MongoDB query semantics (mingo), the same document shape,
 * concurrency and outbox rules as MongoRepository. Used by tests and by the embedded `npm start`.
 */
export class InMemoryRepository<
  T extends AggregateRoot<S, K>,
  S extends object = object,
  K extends string = string,
>
  extends Repository<T, K>
  implements OutboxStore
{
  private readonly docs = new Map<string, AggregateDocument>();
  /**
   * Ids of the documents with outbox entries, oldest first: the relay reads after every save, and walking
   * every document for the few with events made each read cost the size of the collection.
   */
  private readonly pending = new Set<string>();
  /**
   * Ids of the documents with queued entries not yet confirmed delivered, for the same reason, in the
   * order they were last marked: the relay re-marks what it found still queued, and putting those last
   * keeps each of its reads from walking them again.
   */
  private readonly queued = new Set<string>();

  constructor(protected readonly options: RepositoryOptions<T, S, K>) {
    super();
  }

  get collectionName(): string {
    return this.options.collection;
  }

  async get(id: K): Promise<T | undefined> {
    const doc = this.docs.get(id);
    return doc ? this.rehydrate(doc) : undefined;
  }

  async add(aggregate: T): Promise<void> {
    if (this.docs.has(aggregate.id)) throw duplicateIdError(this.options.collection, aggregate.id);
    const entries = toOutboxEntries(aggregate.pendingEvents, this.options.source);
    this.docs.set(aggregate.id, { ...stateFields(aggregate, 1), _outbox: entries } as AggregateDocument);
    if (entries.length > 0) this.pending.add(aggregate.id);
    const saved = aggregate.markPersisted(1);
    await this.options.publisher?.saved(saved, entries);
  }

  async update(aggregate: T): Promise<void> {
    const current = this.docs.get(aggregate.id);
    if (!current || current.stateVersion !== aggregate.stateVersion) {
      throw concurrencyError(this.options.collection, aggregate.id, aggregate.stateVersion);
    }
    const version = aggregate.stateVersion + 1;
    const entries = toOutboxEntries(aggregate.pendingEvents, this.options.source);
    this.docs.set(aggregate.id, {
      ...stateFields(aggregate, version),
      _outbox: [...current._outbox, ...entries],
      ...(current._queued ? { _queued: current._queued } : {}),
    } as AggregateDocument);
    if (entries.length > 0) this.pending.add(aggregate.id);
    const saved = aggregate.markPersisted(version);
    await this.options.publisher?.saved(saved, entries);
  }

  async remove(id: K): Promise<void> {
    this.docs.delete(id);
    this.pending.delete(id);
    this.queued.delete(id);
  }

  async contains(id: K): Promise<boolean> {
    return this.docs.has(id);
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    let cursor = find([...this.docs.values()], toStoredKeys(filter));
    if (options.sort) cursor = cursor.sort(toStoredKeys(options.sort));
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.all().map((doc) => this.rehydrate(doc as AggregateDocument));
  }

  async count(filter: Filter = {}): Promise<number> {
    return find([...this.docs.values()], toStoredKeys(filter)).all().length;
  }

  async pendingOutbox(limit: number): Promise<OutboxBatch[]> {
    const batches: OutboxBatch[] = [];
    for (const id of this.pending) {
      if (batches.length >= limit) break;
      const doc = this.docs.get(id) as AggregateDocument;
      batches.push({ aggregateId: doc._id, entries: structuredClone(doc._outbox) });
    }
    return batches;
  }

  async markOutboxQueued(
    aggregateId: string,
    eventIds: readonly string[],
    queuedAt: Date,
    deliveredTo?: readonly string[],
  ): Promise<void> {
    const doc = this.docs.get(aggregateId);
    if (!doc) return;
    const marked = new Set(eventIds);
    const at = queuedAt.toISOString();
    const stillQueued = (doc._queued ?? []).map((queued) =>
      marked.has(queued.entry.id)
        ? { entry: queued.entry, queuedAt: at, deliveredTo: [...(deliveredTo ?? queued.deliveredTo)] }
        : queued,
    );
    const newlyQueued = doc._outbox.filter((entry) => marked.has(entry.id));
    doc._outbox = doc._outbox.filter((entry) => !marked.has(entry.id));
    doc._queued = [
      ...stillQueued,
      ...newlyQueued.map((entry) => ({ entry, queuedAt: at, deliveredTo: [...(deliveredTo ?? [])] })),
    ];
    if (doc._outbox.length === 0) this.pending.delete(aggregateId);
    this.queued.delete(aggregateId);
    if (doc._queued.length > 0) this.queued.add(aggregateId);
  }

  async queuedOutbox(queuedBefore: Date, limit: number): Promise<QueuedOutboxBatch[]> {
    const before = queuedBefore.toISOString();
    const batches: QueuedOutboxBatch[] = [];
    for (const id of this.queued) {
      if (batches.length >= limit) break;
      const due = (this.docs.get(id)?._queued ?? []).filter((queued) => queued.queuedAt <= before);
      if (due.length > 0) batches.push({ aggregateId: id, entries: structuredClone(due) });
    }
    return batches;
  }

  async acknowledgeOutbox(aggregateId: string, eventIds: readonly string[]): Promise<void> {
    const doc = this.docs.get(aggregateId);
    if (!doc) return;
    const done = new Set(eventIds);
    doc._outbox = doc._outbox.filter((entry) => !done.has(entry.id));
    if (doc._outbox.length === 0) this.pending.delete(aggregateId);
    if (!doc._queued) return;
    doc._queued = doc._queued.filter((queued) => !done.has(queued.entry.id));
    if (doc._queued.length === 0) this.queued.delete(aggregateId);
  }

  private rehydrate(doc: AggregateDocument): T {
    // The outbox fields are not state: copying them made every read cost the events still in flight.
    const { _outbox, _queued, ...stored } = doc;
    const { id, state, stateVersion } = fromDocument(structuredClone(stored));
    return this.options.rehydrate(id as K, state as S, stateVersion);
  }
}

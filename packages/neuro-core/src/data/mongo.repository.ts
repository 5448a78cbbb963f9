import type { Collection, Db, Filter as MongoFilter, IndexDescription, MongoServerError } from 'mongodb';
import { FrameworkError } from '../core/framework-error';
import type { AggregateRoot } from '../domain/aggregate-root';
import {
  type RepositoryOptions,
  fromDocument,
  stateFields,
  toOutboxEntries,
  toStoredKeys,
} from './aggregate-document';
import { concurrencyError, duplicateIdError } from './concurrency';
import type { OutboxBatch, OutboxEntry, OutboxStore, QueuedOutboxBatch, QueuedOutboxEntry } from './outbox';
import { type Filter, type FindOptions, Repository } from './repository';

const DUPLICATE_KEY = 11000;

/**
 * AggregateDocument as the driver sees it: only the fields this class reads or writes by name. An open
 * index signature here would make the driver's update typings refuse `$pull` on `_outbox`.
 */
type StoredDocument = {
  _id: string;
  stateVersion: number;
  _outbox: OutboxEntry[];
  _queued?: QueuedOutboxEntry[];
};

/**
 * Serves `pendingOutbox`: only documents with undelivered events are in it, so the relay's poll stays
 * cheap however many aggregates have an empty outbox.
 */
const OUTBOX_INDEX: IndexDescription = {
  name: 'outbox_pending',
  key: { '_outbox.id': 1 },
  partialFilterExpression: { '_outbox.id': { $exists: true } },
};

/** Serves `queuedOutbox` the same way: only documents with events queued and not yet confirmed. */
const QUEUED_INDEX: IndexDescription = {
  name: 'outbox_queued',
  key: { '_queued.queuedAt': 1 },
  partialFilterExpression: { '_queued.queuedAt': { $exists: true } },
};

/**
 * A repository in one MongoDB collection, one document per aggregate: `{_id, stateVersion, ...state,
 * _outbox}`, the shape InMemoryRepository keeps. Every save is a single-document write guarded by
 * `stateVersion` that stores the state and appends the new events to the outbox together, so MongoDB's
 * per-document atomicity gives optimistic concurrency and a transactional outbox without transactions.
 * Call `ensureIndexes()` once at start-up.
 */
export class MongoRepository<
  T extends AggregateRoot<S, K>,
  S extends object = object,
  K extends string = string,
>
  extends Repository<T, K>
  implements OutboxStore
{
  private readonly collection: Collection<StoredDocument>;

  constructor(
    db: Db,
    protected readonly options: RepositoryOptions<T, S, K> & {
      readonly indexes?: readonly IndexDescription[];
    },
  ) {
    super();
    // Dropping undefined fields (instead of storing null) reads back what InMemoryRepository keeps.
    this.collection = db.collection<StoredDocument>(options.collection, { ignoreUndefined: true });
  }

  get collectionName(): string {
    return this.options.collection;
  }

  /** Creates the outbox index and the indexes declared in the options; safe to call on every start. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([OUTBOX_INDEX, QUEUED_INDEX, ...(this.options.indexes ?? [])]);
  }

  async get(id: K): Promise<T | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? this.rehydrate(doc) : undefined;
  }

  async add(aggregate: T): Promise<void> {
    const entries = toOutboxEntries(aggregate.pendingEvents, this.options.source);
    try {
      await this.collection.insertOne({
        ...stateFields(aggregate, 1),
        _outbox: entries,
      } as StoredDocument);
    } catch (error) {
      throw this.duplicateKeyAsConflict(error, aggregate.id);
    }
    const saved = aggregate.markPersisted(1);
    await this.options.publisher?.saved(saved, entries);
  }

  async update(aggregate: T): Promise<void> {
    const expected = aggregate.stateVersion;
    const version = expected + 1;
    const entries = toOutboxEntries(aggregate.pendingEvents, this.options.source);
    // A pipeline update so that replacing the state and appending to the existing outbox are one write.
    // $literal keeps state values such as "$name" from being read as field paths or operators.
    const result = await this.collection.updateOne({ _id: aggregate.id, stateVersion: expected }, [
      {
        $replaceWith: {
          $mergeObjects: [
            { $literal: stateFields(aggregate, version) },
            {
              _outbox: { $concatArrays: [{ $ifNull: ['$_outbox', []] }, { $literal: entries }] },
              _queued: { $ifNull: ['$_queued', []] },
            },
          ],
        },
      },
    ]);
    if (result.matchedCount === 0) throw concurrencyError(this.options.collection, aggregate.id, expected);
    const saved = aggregate.markPersisted(version);
    await this.options.publisher?.saved(saved, entries);
  }

  async remove(id: K): Promise<void> {
    await this.collection.deleteOne({ _id: id });
  }

  async contains(id: K): Promise<boolean> {
    return (await this.collection.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const docs = await this.collection
      .find(this.storedFilter(filter), {
        ...(options.sort ? { sort: toStoredKeys(options.sort) } : {}),
        ...(options.skip ? { skip: options.skip } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
      })
      .toArray();
    return docs.map((doc) => this.rehydrate(doc));
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.collection.countDocuments(this.storedFilter(filter));
  }

  async pendingOutbox(limit: number): Promise<OutboxBatch[]> {
    const docs = await this.collection
      .find({ '_outbox.id': { $exists: true } }, { projection: { _outbox: 1 }, limit })
      .toArray();
    return docs.map((doc) => ({ aggregateId: doc._id, entries: doc._outbox }));
  }

  async markOutboxQueued(
    aggregateId: string,
    eventIds: readonly string[],
    queuedAt: Date,
    deliveredTo?: readonly string[],
  ): Promise<void> {
    const ids = [...eventIds];
    const at = queuedAt.toISOString();
    const acknowledged = deliveredTo ? { $literal: [...deliveredTo] } : null;
    const named = (path: string) => ({ $in: [path, { $literal: ids }] });
    // One pipeline update, so an event is in exactly one of the two lists at any time.
    await this.collection.updateOne({ _id: aggregateId }, [
      {
        $set: {
          _queued: {
            $concatArrays: [
              {
                $map: {
                  input: { $ifNull: ['$_queued', []] },
                  in: {
                    $cond: [
                      named('$$this.entry.id'),
                      {
                        entry: '$$this.entry',
                        queuedAt: { $literal: at },
                        deliveredTo: acknowledged ?? { $ifNull: ['$$this.deliveredTo', []] },
                      },
                      '$$this',
                    ],
                  },
                },
              },
              {
                $map: {
                  input: { $filter: { input: { $ifNull: ['$_outbox', []] }, cond: named('$$this.id') } },
                  in: { entry: '$$this', queuedAt: { $literal: at }, deliveredTo: acknowledged ?? [] },
                },
              },
            ],
          },
          _outbox: {
            $filter: { input: { $ifNull: ['$_outbox', []] }, cond: { $not: [named('$$this.id')] } },
          },
        },
      },
    ]);
  }

  async queuedOutbox(queuedBefore: Date, limit: number): Promise<QueuedOutboxBatch[]> {
    const before = queuedBefore.toISOString();
    const docs = await this.collection
      .find({ '_queued.queuedAt': { $lte: before } }, { projection: { _queued: 1 }, limit })
      .toArray();
    return docs.map((doc) => ({
      aggregateId: doc._id,
      entries: (doc._queued ?? []).filter((queued) => queued.queuedAt <= before),
    }));
  }

  async acknowledgeOutbox(aggregateId: string, eventIds: readonly string[]): Promise<void> {
    const ids = [...eventIds];
    await this.collection.updateOne(
      { _id: aggregateId },
      { $pull: { _outbox: { id: { $in: ids } }, _queued: { 'entry.id': { $in: ids } } } },
    );
  }

  private storedFilter(filter: Filter): MongoFilter<StoredDocument> {
    return toStoredKeys(filter) as MongoFilter<StoredDocument>;
  }

  private rehydrate(doc: StoredDocument): T {
    const { id, state, stateVersion } = fromDocument(doc);
    return this.options.rehydrate(id as K, state as S, stateVersion);
  }

  /**
   * E11000 on `_id` is the "already exists" conflict of the contract; on a unique index the options
   * declared it is a conflict too, named after that index's fields rather than the id.
   */
  private duplicateKeyAsConflict(error: unknown, id: string): unknown {
    // By its code, not `instanceof MongoServerError`: a type import keeps the driver out of services that
    // run without MongoDB, and only the server reports E11000.
    if (!(error instanceof Error) || (error as MongoServerError).code !== DUPLICATE_KEY) return error;
    const keyPattern = (error as MongoServerError)['keyPattern'] as Record<string, unknown> | undefined;
    const fields = Object.keys(keyPattern ?? { _id: 1 });
    if (fields.includes('_id')) return duplicateIdError(this.options.collection, id);
    return new FrameworkError(
      'conflict',
      `${this.options.collection} ${id} conflicts with an existing one on ${fields.join(', ')}`,
    );
  }
}

import type { AggregateRoot } from '../domain/aggregate-root';

/** A MongoDB query document over the aggregate's state fields (plus `id` and `stateVersion`). */
export type Filter = Record<string, unknown>;

/** Paging and ordering of `find`. */
export interface FindOptions {
  readonly sort?: Readonly<Record<string, 1 | -1>>;
  readonly skip?: number;
  readonly limit?: number;
}

/**
 * Where aggregates of one type live. `add` refuses an existing id (ConflictError) and `update` refuses a
 * stale `stateVersion` (ConcurrencyError); both are FrameworkErrors the mediator answers with 409.
 * Implementations: InMemoryRepository and MongoRepository, held to one contract test suite.
 */
export abstract class Repository<T extends AggregateRoot<object, K>, K extends string = string> {
  /** The aggregate with this id, or undefined. */
  abstract get(id: K): Promise<T | undefined>;
  /** Saves a new aggregate (version 0 -> 1) with its pending events. */
  abstract add(aggregate: T): Promise<void>;
  /** Saves a changed aggregate if nobody saved it since it was read. */
  abstract update(aggregate: T): Promise<void>;
  /** Deletes the aggregate with its undelivered outbox: soft-delete aggregates whose last events must go out. */
  abstract remove(id: K): Promise<void>;
  /** True when an aggregate with this id exists. */
  abstract contains(id: K): Promise<boolean>;
  /** Aggregates matching a MongoDB filter on their state. */
  abstract find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  /** How many aggregates match a filter. */
  abstract count(filter?: Filter): Promise<number>;

  /**
   * Saves an aggregate whether it is new (`add`, stateVersion 0) or was read from here (`update`), for
   * "create it or change it" code. Two writers creating the same id still race: the loser gets the
   * conflict error of `add`, which `retryOnConflict` retries by reading again.
   */
  upsert(aggregate: T): Promise<void> {
    return aggregate.stateVersion === 0 ? this.add(aggregate) : this.update(aggregate);
  }
}

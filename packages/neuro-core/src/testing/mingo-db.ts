import { Context, Query } from 'mingo';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import { updateOne } from 'mingo/updater';
import { type Db, MongoServerError } from 'mongodb';

// Update pipelines need the aggregation operators, which mingo leaves out of its default context.
const context = Context.init({ accumulator, expression, pipeline, projection, query });

type Doc = Record<string, unknown> & { _id: string };
type FindOptions = { sort?: Record<string, 1 | -1>; skip?: number; limit?: number; projection?: object };

/**
 * A stand-in for the few `Db`/`Collection` calls MongoRepository makes, answered by mingo in memory, with
 * documents copied in and out as the driver's serialisation would. It lets MongoRepository's own code
 * (its update pipeline, `$pull`, options and result handling) run through the contract suite where no
 * MongoDB server is available; it is not MongoDB, so the suite against a real server stays the proof.
 * Each call reads or writes its documents without yielding, so one object shared by several services in
 * a process (replicas of one service) sees every single-document write as atomic, as MongoDB does.
 */
export function mingoDb(databaseName = 'stand-in'): Db {
  const collections = new Map<string, Doc[]>();
  const docsOf = (name: string) => collections.get(name) ?? collections.set(name, []).get(name)!;

  const uniqueKeys = new Map<string, string[][]>();

  const collection = (name: string) => {
    const docs = docsOf(name);
    const unique = uniqueKeys.get(name) ?? uniqueKeys.set(name, [['_id']]).get(name)!;
    const matching = (filter: object, options: FindOptions = {}) => {
      let cursor = new Query(filter, { context }).find<Doc>(docs, options.projection);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return cursor.all().map((doc) => structuredClone(doc));
    };
    return {
      createIndexes: async (specs: { name?: string; key: object; unique?: boolean }[]) => {
        for (const spec of specs) if (spec.unique) unique.push(Object.keys(spec.key));
        return specs.map((spec) => spec.name ?? 'index');
      },
      findOne: async (filter: object, options: FindOptions = {}) => matching(filter, options)[0] ?? null,
      find: (filter: object, options: FindOptions = {}) => ({
        toArray: async () => matching(filter, options),
      }),
      countDocuments: async (filter: object) => matching(filter).length,
      insertOne: async (doc: Doc) => {
        const clash = unique.find((keys) =>
          docs.some((other) => keys.every((key) => other[key] === doc[key])),
        );
        if (clash) {
          const keyPattern = Object.fromEntries(clash.map((key) => [key, 1]));
          throw new MongoServerError({ message: 'E11000 duplicate key error', code: 11000, keyPattern });
        }
        docs.push(structuredClone(doc));
        return { acknowledged: true, insertedId: doc._id };
      },
      updateOne: async (filter: object, update: object) => {
        const result = updateOne(docs, filter, structuredClone(update) as never, {}, { context });
        return { acknowledged: true, matchedCount: result.matchedCount, modifiedCount: result.modifiedCount };
      },
      deleteOne: async (filter: object) => {
        const [doc] = new Query(filter, { context }).find<Doc>(docs).all();
        if (doc) docs.splice(docs.indexOf(doc), 1);
        return { acknowledged: true, deletedCount: doc ? 1 : 0 };
      },
    };
  };

  // `ping` is the one command the framework sends (readiness).
  return { databaseName, collection, command: async () => ({ ok: 1 }) } as unknown as Db;
}

import { FrameworkError } from '../core/framework-error';
import { Counter } from '../testing/counter.aggregate';
import { mingoDb } from '../testing/mingo-db';
import { describeRepositoryContract } from '../testing/repository-contract';
import { MongoRepository } from './mongo.repository';

// MongoRepository's own code against an in-memory stand-in for the driver; see mongo.repository.spec.ts
// for the same suite against a real MongoDB server.
describeRepositoryContract('MongoRepository on a mingo stand-in for MongoDB', async (options) => {
  const repository = new MongoRepository(mingoDb(), options);
  await repository.ensureIndexes();
  return { repository };
});

describe('MongoRepository on a mingo stand-in for MongoDB', () => {
  beforeAll(() => Counter.registerEvents());

  it('refuses a duplicate on a declared unique index with a conflict naming its fields', async () => {
    const repository = new MongoRepository(mingoDb(), {
      collection: 'counters',
      source: '/t',
      rehydrate: Counter.rehydrate,
      indexes: [{ key: { name: 1 }, unique: true, name: 'name_unique' }],
    });
    await repository.ensureIndexes();
    await repository.add(Counter.open('one', 'same', 'blue', new Date()));
    const error = await repository.add(Counter.open('two', 'same', 'blue', new Date())).catch((e) => e);
    expect(FrameworkError.is(error, 'conflict')).toBe(true);
    expect((error as Error).message).toBe('counters two conflicts with an existing one on name');
    expect(repository.collectionName).toBe('counters');
  });

  it('lets a failed write that is not a duplicate key through as it is', async () => {
    const collection = {
      ...mingoDb().collection('c'),
      insertOne: async () => Promise.reject(new Error('not primary')),
    };
    const repository = new MongoRepository({ collection: () => collection } as never, {
      collection: 'c',
      source: '/t',
      rehydrate: Counter.rehydrate,
    });
    await expect(repository.add(Counter.open('one', 'x', 'blue', new Date()))).rejects.toThrow('not primary');
  });
});

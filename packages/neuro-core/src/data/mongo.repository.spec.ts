import type { Db, MongoClient } from 'mongodb';
import { FrameworkError } from '../core/framework-error';
import { Counter } from '../testing/counter.aggregate';
import { describeRepositoryContract } from '../testing/repository-contract';
import { connectMongo } from './connect-mongo';
import { MongoHealthCheck } from './mongo-health-check';
import { MongoRepository } from './mongo.repository';

const uri = process.env['MONGODB_URI'];

if (!uri) {
  // Skipped, with the reason as its name (the test summary prints it): there is no MongoDB server here.
  it.skip('MongoRepository contract: needs MONGODB_URI (no MongoDB server here)', () => undefined);
} else {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    ({ client, db } = await connectMongo(uri, `neuro_core_test_${process.pid}_${Date.now()}`));
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  describeRepositoryContract('MongoRepository', async (options) => {
    const repository = new MongoRepository(db, options);
    await repository.ensureIndexes();
    return {
      repository,
      cleanup: async () => {
        await db.collection(options.collection).deleteMany({});
      },
    };
  });

  describe('MongoRepository', () => {
    beforeAll(() => Counter.registerEvents());

    const indexed = () =>
      new MongoRepository(db, {
        collection: 'indexed_counters',
        source: '/t',
        rehydrate: Counter.rehydrate,
        indexes: [{ key: { name: 1 }, unique: true, name: 'name_unique' }],
      });

    it('creates the outbox index and the declared indexes, and may do so again', async () => {
      await indexed().ensureIndexes();
      await indexed().ensureIndexes();
      const names = (await db.collection('indexed_counters').listIndexes().toArray()).map((i) => i.name);
      expect(names).toEqual(expect.arrayContaining(['_id_', 'outbox_pending', 'name_unique']));
    });

    it('refuses a duplicate on a declared unique index with a conflict naming its fields', async () => {
      const repository = indexed();
      await repository.ensureIndexes();
      await repository.add(Counter.open('one', 'same', 'blue', new Date()));
      const error = await repository.add(Counter.open('two', 'same', 'blue', new Date())).catch((e) => e);
      expect(FrameworkError.is(error, 'conflict')).toBe(true);
      expect((error as Error).message).toBe('indexed_counters two conflicts with an existing one on name');
    });

    it('reports a reachable server as healthy', async () => {
      expect(await new MongoHealthCheck(db).check()).toEqual({ ok: true });
    });
  });
}

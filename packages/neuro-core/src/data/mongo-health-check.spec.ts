import { type Db, MongoClient } from 'mongodb';
import { MongoHealthCheck } from './mongo-health-check';

describe('MongoHealthCheck', () => {
  it('is ready when the database answers a ping', async () => {
    const commands: unknown[] = [];
    const db = { command: async (command: unknown) => commands.push(command) } as unknown as Db;
    const check = new MongoHealthCheck(db);
    expect(check.name).toBe('mongodb');
    expect(await check.check()).toEqual({ ok: true });
    expect(commands).toEqual([{ ping: 1 }]);
  });

  it('is not ready, without waiting for server selection, when the ping does not answer in time', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=2000');
    try {
      const started = Date.now();
      expect(await new MongoHealthCheck(client.db('any'), 50).check()).toEqual({
        ok: false,
        detail: 'no ping answer within 50 ms',
      });
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await client.close();
    }
  });

  it('is not ready, with the reason, when the ping fails', async () => {
    const db = { command: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:27017')) };
    expect(await new MongoHealthCheck(db as unknown as Db, 1000, 'mongo-main').check()).toEqual({
      ok: false,
      detail: 'connect ECONNREFUSED 127.0.0.1:27017',
    });
  });
});

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisHealthCheck } from './redis-health-check';

describe('RedisHealthCheck', () => {
  it('is ok when Redis answers PING', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    await new Promise((resolve) => redis.once('ready', resolve));

    const check = new RedisHealthCheck(redis);

    expect(check.name).toBe('redis');
    expect(await check.check()).toEqual({ ok: true });
    await redis.quit();
  });

  it('is not ok, at once, when the connection is not up', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });

    expect(await new RedisHealthCheck(redis).check()).toEqual({ ok: false, detail: 'connection is wait' });
  });

  it('is not ok when Redis does not answer in time, instead of hanging the probe', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    await new Promise((resolve) => redis.once('ready', resolve));
    // A blocking command in flight holds the connection, as a stuck Redis would.
    const blocked = redis.blpop(`test-redis-health-${randomUUID()}`, 1);

    const status = await new RedisHealthCheck(redis, 50, 'cache').check();

    expect(status).toEqual({ ok: false, detail: 'no PING answer within 50 ms' });
    await blocked;
    await redis.quit();
  });
});

import { connectMongo } from './connect-mongo';

describe('connectMongo', () => {
  it('fails with the driver error, without the credentials of the URI, when no server answers', async () => {
    const error = await connectMongo(
      'mongodb://app:hunter2@127.0.0.1:1/lcm?serverSelectionTimeoutMS=100',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('MongoServerSelectionError');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

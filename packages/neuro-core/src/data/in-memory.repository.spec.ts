import { Counter } from '../testing/counter.aggregate';
import { describeRepositoryContract } from '../testing/repository-contract';
import { InMemoryRepository } from './in-memory.repository';

describeRepositoryContract('InMemoryRepository', async (options) => ({
  repository: new InMemoryRepository(options),
}));

describe('InMemoryRepository', () => {
  beforeAll(() => Counter.registerEvents());

  it('names its collection after the options', () => {
    const repository = new InMemoryRepository({
      collection: 'counters',
      source: '/t',
      rehydrate: Counter.rehydrate,
    });
    expect(repository.collectionName).toBe('counters');
  });

  it('saves without a publisher', async () => {
    const repository = new InMemoryRepository({
      collection: 'counters',
      source: '/t',
      rehydrate: Counter.rehydrate,
    });
    await repository.add(Counter.open('a', 'a', 'blue', new Date()));
    expect(await repository.count()).toBe(1);
  });
});

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
    const counter = Counter.open('a', 'a', 'blue', new Date());
    await repository.add(counter);
    counter.increment(1, new Date());
    await repository.update(counter);
    counter.increment(1, new Date());
    await repository.update(counter);
    expect(counter.stateVersion).toBe(3);
    expect(counter.pendingEvents).toEqual([]);
    expect((await repository.get('a'))?.stateVersion).toBe(3);
  });
});

import { OperationResult } from '../core/operation-result';
import { DomainResult } from '../domain/domain-result';
import { Counter } from '../testing/counter.aggregate';
import { InMemoryRepository } from './in-memory.repository';
import { loadActSave } from './load-act-save';

const AT = new Date('2026-03-01T10:00:00Z');

/** The act under test: one more, up to 3; a full counter refuses with the domain's message. */
function incrementUpTo3(counter: Counter): DomainResult<number> {
  if (counter.state.count >= 3) return DomainResult.fail(`counter ${counter.id} is full`);
  counter.increment(1, AT);
  return DomainResult.ok(counter.state.count);
}

async function counters() {
  const repository = new InMemoryRepository({
    collection: 'counters',
    source: '/t',
    rehydrate: Counter.rehydrate,
  });
  await repository.add(Counter.open('a', 'a', 'blue', AT));
  return repository;
}

describe('loadActSave', () => {
  beforeAll(() => Counter.registerEvents());

  it('loads, acts, saves and hands back the saved aggregate with the act value', async () => {
    const repository = await counters();
    const result = await loadActSave(repository, 'a', 'counter', incrementUpTo3);
    expect(result).toMatchObject({ ok: true, status: 200, value: { value: 1, saved: true } });
    if (result.ok) expect(result.value.aggregate.stateVersion).toBe(2);
    expect((await repository.get('a'))?.state.count).toBe(1);
  });

  it('answers 404 naming the kind and id of a missing aggregate', async () => {
    const result = await loadActSave(await counters(), 'zz', 'counter', incrementUpTo3);
    expect(result).toMatchObject({ ok: false, status: 404, problem: { detail: 'counter zz was not found' } });
  });

  it('answers 409 with the domain message when the act refuses, and saves nothing', async () => {
    const repository = await counters();
    for (let i = 0; i < 3; i++) await loadActSave(repository, 'a', 'counter', incrementUpTo3);
    const result = await loadActSave(repository, 'a', 'counter', incrementUpTo3);
    expect(result).toMatchObject({ ok: false, status: 409, problem: { detail: 'counter a is full' } });
    expect((await repository.get('a'))?.stateVersion).toBe(4);
  });

  it('answers a Failure from the act as it is', async () => {
    const result = await loadActSave(await counters(), 'a', 'counter', () => OperationResult.forbidden());
    expect(result).toMatchObject({ ok: false, status: 403 });
  });

  it('writes nothing when the act answers ok(false)', async () => {
    const repository = await counters();
    const result = await loadActSave(repository, 'a', 'counter', () => DomainResult.ok(false));
    expect(result).toMatchObject({ ok: true, value: { saved: false } });
    expect((await repository.get('a'))?.stateVersion).toBe(1);
  });

  it('answers 409 when another writer saved the aggregate during the act', async () => {
    const repository = await counters();
    const result = await loadActSave(repository, 'a', 'counter', async (counter) => {
      await repository.update((await repository.get('a'))!);
      return incrementUpTo3(counter);
    });
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (!result.ok) expect(result.problem.detail).toContain('was changed by another request');
    expect((await repository.get('a'))?.state.count).toBe(0);
  });

  it('starts over from a fresh read after a lost race when given attempts', async () => {
    const repository = await counters();
    let races = 1;
    const result = await loadActSave(
      repository,
      'a',
      'counter',
      async (counter) => {
        if (races-- > 0) await repository.update((await repository.get('a'))!);
        return incrementUpTo3(counter);
      },
      { attempts: 2 },
    );
    expect(result).toMatchObject({ ok: true, value: { value: 1 } });
    expect((await repository.get('a'))?.stateVersion).toBe(3);
  });
});

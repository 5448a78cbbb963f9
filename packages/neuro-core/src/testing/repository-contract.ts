import { FrameworkError } from '../core/framework-error';
import type { RepositoryOptions } from '../data/aggregate-document';
import type { DomainEventPublisher, OutboxEntry, OutboxStore } from '../data/outbox';
import type { Repository } from '../data/repository';
import type { DomainEvent } from '../domain/domain-event';
import { Counter, type CounterState } from './counter.aggregate';
import { CounterIncremented } from './counter-incremented.event';
import { CounterOpened } from './counter-opened.event';

const SOURCE = '/contract-tests';
const AT = new Date('2026-03-01T10:00:00.000Z');
const LATER = new Date('2026-03-01T10:05:00.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Saved = { events: DomainEvent[]; entries: OutboxEntry[] };

/**
 * Defines the jest suite every Repository implementation must pass: storage and queries with MongoDB
 * semantics, `stateVersion` concurrency, and the outbox written in the same save. Running the one suite
 * against InMemoryRepository and MongoRepository is what lets tests and the embedded mode stand in for
 * MongoDB. `makeRepository` builds an empty repository from the given options (a fresh collection per
 * test) and may return a `cleanup` run after each test.
 */
export function describeRepositoryContract(
  name: string,
  makeRepository: (options: RepositoryOptions<Counter, CounterState>) => Promise<{
    repository: Repository<Counter> & OutboxStore;
    cleanup?: () => Promise<void>;
  }>,
): void {
  describe(`${name} (repository contract)`, () => {
    let repository: Repository<Counter> & OutboxStore;
    let cleanup: (() => Promise<void>) | undefined;
    let saves: Saved[];

    const publisher: DomainEventPublisher = {
      saved: async (events, entries) => {
        saves.push({ events: [...events], entries: [...entries] });
      },
    };

    const open = (id: string, name = `counter ${id}`, team = 'blue', tags: string[] = []) =>
      Counter.open(id, name, team, AT, tags);

    async function added(id: string, count = 0, team = 'blue', tags: string[] = []): Promise<Counter> {
      const counter = open(id, `counter ${id}`, team, tags);
      if (count) counter.increment(count, AT);
      await repository.add(counter);
      return counter;
    }

    async function stored(id: string): Promise<Counter> {
      const counter = await repository.get(id);
      if (!counter) throw new Error(`counter ${id} is not stored`);
      return counter;
    }

    async function outboxOf(id: string): Promise<readonly OutboxEntry[]> {
      const batches = await repository.pendingOutbox(1000);
      return batches.find((batch) => batch.aggregateId === id)?.entries ?? [];
    }

    async function seed(): Promise<void> {
      await added('a', 1, 'blue', ['x']);
      await added('b', 5, 'red', ['x', 'y']);
      await added('c', 10, 'blue', []);
      await added('d', 15, 'green', ['y']);
    }

    const ids = (counters: readonly Counter[]) => counters.map((c) => c.id);

    beforeAll(() => Counter.registerEvents());

    beforeEach(async () => {
      saves = [];
      ({ repository, cleanup } = await makeRepository({
        collection: 'counters',
        source: SOURCE,
        rehydrate: Counter.rehydrate,
        publisher,
      }));
    });

    afterEach(async () => {
      await cleanup?.();
    });

    describe('storage', () => {
      it('returns undefined for an id it does not hold', async () => {
        expect(await repository.get('nope')).toBeUndefined();
        expect(await repository.contains('nope')).toBe(false);
      });

      it('adds an aggregate at stateVersion 1 and reads it back with the same state', async () => {
        const counter = await added('a', 3, 'blue', ['x']);
        expect(counter.stateVersion).toBe(1);
        const read = await stored('a');
        expect(read).toBeInstanceOf(Counter);
        expect(read.stateVersion).toBe(1);
        expect(read.state).toEqual({ name: 'counter a', count: 3, tags: ['x'], owner: { team: 'blue' } });
        expect(read.pendingEvents).toEqual([]);
        expect(await repository.contains('a')).toBe(true);
      });

      it('refuses to add an id that exists with a conflict error and keeps the stored one', async () => {
        await added('a', 3);
        const twin = open('a', 'impostor');
        const error = await repository.add(twin).catch((e: unknown) => e);
        expect(FrameworkError.is(error, 'conflict')).toBe(true);
        expect((error as Error).message).toContain('a already exists');
        expect((await stored('a')).state.name).toBe('counter a');
        expect(twin.stateVersion).toBe(0);
        expect(twin.pendingEvents).toHaveLength(1);
      });

      it('updates an aggregate, adding 1 to stateVersion per update', async () => {
        await added('a');
        const first = await stored('a');
        first.increment(2, LATER);
        await repository.update(first);
        expect(first.stateVersion).toBe(2);
        const second = await stored('a');
        second.increment(3, LATER);
        await repository.update(second);
        const read = await stored('a');
        expect(read.stateVersion).toBe(3);
        expect(read.state.count).toBe(5);
      });

      it('refuses an update with a stale stateVersion and leaves the stored document unchanged', async () => {
        await added('a');
        const mine = await stored('a');
        const theirs = await stored('a');
        theirs.increment(1, LATER);
        await repository.update(theirs);
        mine.increment(100, LATER);
        const error = await repository.update(mine).catch((e: unknown) => e);
        expect(FrameworkError.is(error, 'concurrency')).toBe(true);
        expect((error as Error).message).toContain('expected stateVersion 1');
        const read = await stored('a');
        expect(read.stateVersion).toBe(2);
        expect(read.state.count).toBe(1);
        expect(await outboxOf('a')).toHaveLength(2);
      });

      it('keeps the events and version of a refused aggregate and tells the publisher nothing', async () => {
        await added('a');
        const stale = await stored('a');
        await repository.update(await stored('a'));
        saves = [];
        stale.increment(1, LATER);
        await expect(repository.update(stale)).rejects.toThrow(FrameworkError);
        expect(stale.stateVersion).toBe(1);
        expect(stale.pendingEvents).toHaveLength(1);
        expect(saves).toEqual([]);
      });

      it('refuses to update an aggregate that was never added', async () => {
        const error = await repository.update(open('ghost')).catch((e: unknown) => e);
        expect(FrameworkError.is(error, 'concurrency')).toBe(true);
        expect(await repository.contains('ghost')).toBe(false);
      });

      it('upserts a new aggregate as an add and a read one as an update', async () => {
        const fresh = open('a');
        await repository.upsert(fresh);
        expect(fresh.stateVersion).toBe(1);
        const read = await stored('a');
        read.increment(4, LATER);
        await repository.upsert(read);
        expect((await stored('a')).state.count).toBe(4);
        expect((await stored('a')).stateVersion).toBe(2);
        expect(await outboxOf('a')).toHaveLength(2);
      });

      it('refuses an upsert of a second new aggregate with the same id, or of a stale one', async () => {
        await added('a');
        const stale = await stored('a');
        await repository.update(await stored('a'));
        expect(
          FrameworkError.is(await repository.upsert(open('a')).catch((e: unknown) => e), 'conflict'),
        ).toBe(true);
        expect(
          FrameworkError.is(await repository.upsert(stale).catch((e: unknown) => e), 'concurrency'),
        ).toBe(true);
      });

      it('removes an aggregate with its outbox, and removing an unknown id does nothing', async () => {
        await added('a');
        await added('b');
        await repository.remove('a');
        await repository.remove('nope');
        expect(await repository.contains('a')).toBe(false);
        expect(await repository.count()).toBe(1);
        expect((await repository.pendingOutbox(10)).map((batch) => batch.aggregateId)).toEqual(['b']);
      });

      it('stores strings that look like operators, paths or keys as plain data', async () => {
        await added('a');
        const counter = await stored('a');
        counter.annotate('$count');
        await repository.update(counter);
        expect((await stored('a')).state.note).toBe('$count');
        const again = await stored('a');
        again.annotate('{ "$set": { "count": 99 } } owner.team $$ROOT');
        await repository.update(again);
        const read = await stored('a');
        expect(read.state.note).toBe('{ "$set": { "count": 99 } } owner.team $$ROOT');
        expect(read.state.count).toBe(0);
        expect(await repository.find({ note: '{ "$set": { "count": 99 } } owner.team $$ROOT' })).toHaveLength(
          1,
        );
      });
    });

    describe('isolation', () => {
      it('does not change the store when a read aggregate is changed and not saved', async () => {
        await added('a', 1, 'blue', ['x']);
        const counter = await stored('a');
        counter.increment(5, LATER);
        (counter.state.tags as string[]).push('mutated');
        (counter.state.owner as { team: string }).team = 'mutated';
        const read = await stored('a');
        expect(read.state).toEqual({ name: 'counter a', count: 1, tags: ['x'], owner: { team: 'blue' } });
        expect(read.stateVersion).toBe(1);
      });

      it('does not change the store when an aggregate is changed after it was saved', async () => {
        const counter = await added('a', 1, 'blue', ['x']);
        counter.increment(5, LATER);
        (counter.state.tags as string[]).push('later');
        expect((await stored('a')).state).toMatchObject({ count: 1, tags: ['x'] });
      });

      it('does not change the outbox when a returned batch is changed', async () => {
        await added('a');
        const [batch] = await repository.pendingOutbox(10);
        (batch!.entries as OutboxEntry[]).length = 0;
        expect(await outboxOf('a')).toHaveLength(1);
      });
    });

    describe('queries', () => {
      it('finds everything with an empty filter and counts it', async () => {
        await seed();
        expect(ids(await repository.find()).sort()).toEqual(['a', 'b', 'c', 'd']);
        expect(await repository.count()).toBe(4);
        expect(await repository.count({})).toBe(4);
      });

      it('filters by equality, $in and $gte', async () => {
        await seed();
        expect(ids(await repository.find({ count: 5 }))).toEqual(['b']);
        expect(ids(await repository.find({ count: { $in: [1, 15] } })).sort()).toEqual(['a', 'd']);
        expect(ids(await repository.find({ count: { $gte: 10 } })).sort()).toEqual(['c', 'd']);
        expect(await repository.count({ count: { $gte: 5, $lt: 15 } })).toBe(2);
      });

      it('filters on nested fields, array elements and $or', async () => {
        await seed();
        expect(ids(await repository.find({ 'owner.team': 'blue' })).sort()).toEqual(['a', 'c']);
        expect(ids(await repository.find({ tags: 'y' })).sort()).toEqual(['b', 'd']);
        expect(ids(await repository.find({ tags: { $size: 0 } }))).toEqual(['c']);
        const either = await repository.find({ $or: [{ 'owner.team': 'red' }, { count: { $gt: 12 } }] });
        expect(ids(either).sort()).toEqual(['b', 'd']);
        expect(await repository.count({ 'owner.team': 'blue' })).toBe(2);
      });

      it('reads `id` in a filter as the aggregate id', async () => {
        await seed();
        expect(ids(await repository.find({ id: 'c' }))).toEqual(['c']);
        expect(ids(await repository.find({ id: { $in: ['a', 'd', 'zz'] } })).sort()).toEqual(['a', 'd']);
        expect(await repository.count({ id: { $ne: 'a' } })).toBe(3);
        expect(ids(await repository.find({ $or: [{ id: 'a' }, { count: 15 }] })).sort()).toEqual(['a', 'd']);
      });

      it('filters on stateVersion', async () => {
        await seed();
        const counter = await stored('b');
        await repository.update(counter);
        expect(ids(await repository.find({ stateVersion: 2 }))).toEqual(['b']);
      });

      it('sorts ascending and descending, by state fields and by id', async () => {
        await seed();
        expect(ids(await repository.find({}, { sort: { count: -1 } }))).toEqual(['d', 'c', 'b', 'a']);
        expect(ids(await repository.find({}, { sort: { 'owner.team': 1, count: -1 } }))).toEqual([
          'c',
          'a',
          'd',
          'b',
        ]);
        expect(ids(await repository.find({}, { sort: { id: -1 } }))).toEqual(['d', 'c', 'b', 'a']);
      });

      it('pages with skip and limit after sorting', async () => {
        await seed();
        expect(ids(await repository.find({}, { sort: { count: 1 }, skip: 1, limit: 2 }))).toEqual(['b', 'c']);
        expect(ids(await repository.find({}, { sort: { count: 1 }, limit: 1 }))).toEqual(['a']);
        expect(ids(await repository.find({}, { sort: { count: 1 }, skip: 3 }))).toEqual(['d']);
        expect(await repository.find({}, { skip: 10 })).toEqual([]);
        expect(ids(await repository.find({ 'owner.team': 'blue' }, { sort: { id: 1 }, skip: 1 }))).toEqual([
          'c',
        ]);
      });

      it('returns nothing for a filter nothing matches', async () => {
        await seed();
        expect(await repository.find({ 'owner.team': 'purple' })).toEqual([]);
        expect(await repository.count({ count: { $lt: 0 } })).toBe(0);
      });
    });

    describe('outbox', () => {
      it('writes the pending events of an add to the outbox and tells the publisher once', async () => {
        const counter = open('a');
        counter.increment(2, LATER);
        const events = [...counter.pendingEvents];
        await repository.add(counter);
        const outbox = await outboxOf('a');
        expect(outbox.map((entry) => entry.type)).toEqual([
          'io.lcm.counter.opened.v1',
          'io.lcm.counter.incremented.v1',
        ]);
        expect(saves).toHaveLength(1);
        expect(saves[0]!.events).toEqual(events);
        expect(saves[0]!.entries).toEqual(outbox);
        expect(counter.pendingEvents).toEqual([]);
      });

      it('writes each event as a CloudEvent 1.0 whose data is the event payload', async () => {
        await repository.add(open('a', 'first', 'blue'));
        const [entry] = await outboxOf('a');
        expect(entry).toEqual({
          specversion: '1.0',
          id: expect.stringMatching(UUID),
          source: SOURCE,
          type: 'io.lcm.counter.opened.v1',
          subject: 'a',
          time: AT.toISOString(),
          datacontenttype: 'application/json',
          data: { name: 'first', team: 'blue' },
        });
        expect(saves[0]!.events[0]).toBeInstanceOf(CounterOpened);
      });

      it('appends the events of an update to the ones still in the outbox', async () => {
        await added('a');
        const counter = await stored('a');
        counter.increment(4, LATER);
        await repository.update(counter);
        const outbox = await outboxOf('a');
        expect(outbox.map((entry) => entry.type)).toEqual([
          'io.lcm.counter.opened.v1',
          'io.lcm.counter.incremented.v1',
        ]);
        expect(outbox[1]).toMatchObject({
          subject: 'a',
          time: LATER.toISOString(),
          data: { by: 4, count: 4 },
        });
        expect(new Set(outbox.map((entry) => entry.id)).size).toBe(2);
        expect(saves).toHaveLength(2);
        expect(saves[1]!.events).toEqual([expect.any(CounterIncremented)]);
        expect(saves[1]!.entries).toEqual([outbox[1]]);
      });

      it('tells the publisher about a save without events, with no events', async () => {
        await added('a');
        await repository.update(await stored('a'));
        expect(saves[1]).toEqual({ events: [], entries: [] });
        expect(await outboxOf('a')).toHaveLength(1);
      });

      it('lists only aggregates with undelivered events, up to the limit', async () => {
        await added('a');
        await added('b');
        await added('c');
        const [b] = await outboxOf('b');
        await repository.acknowledgeOutbox('b', [b!.id]);
        const pending = await repository.pendingOutbox(10);
        expect(pending.map((batch) => batch.aggregateId).sort()).toEqual(['a', 'c']);
        expect(await repository.pendingOutbox(1)).toHaveLength(1);
      });

      it('acknowledges only the named entries and leaves stateVersion alone', async () => {
        await added('a', 1);
        const [opened, incremented] = await outboxOf('a');
        await repository.acknowledgeOutbox('a', [opened!.id, 'not-an-event-id']);
        expect(await outboxOf('a')).toEqual([incremented]);
        expect((await stored('a')).stateVersion).toBe(1);
      });

      it('keeps un-acknowledged entries through a later update', async () => {
        await added('a', 1);
        const counter = await stored('a');
        const [opened, incremented] = await outboxOf('a');
        await repository.acknowledgeOutbox('a', [opened!.id]);
        counter.increment(1, LATER);
        await repository.update(counter);
        const outbox = await outboxOf('a');
        expect(outbox).toHaveLength(2);
        expect(outbox[0]).toEqual(incremented);
        expect(outbox[1]).toMatchObject({ data: { by: 1, count: 2 } });
      });

      it('ignores an acknowledgement for an aggregate it does not hold', async () => {
        await expect(repository.acknowledgeOutbox('nope', ['x'])).resolves.toBeUndefined();
        await expect(repository.markOutboxQueued('nope', ['x'], AT)).resolves.toBeUndefined();
      });
    });

    describe('queued outbox entries (kept until their delivery is confirmed)', () => {
      const queuedAt = (at: Date, deliveredTo: string[] = []) => ({
        queuedAt: at.toISOString(),
        deliveredTo,
      });
      const queuedIds = async (before: Date, limit = 10) =>
        (await repository.queuedOutbox(before, limit)).map((batch) => [
          batch.aggregateId,
          batch.entries.map(({ entry }) => entry.type),
        ]);

      it('takes queued entries out of the pending outbox and lists them once queued long enough', async () => {
        await added('a', 1);
        const [opened, incremented] = await outboxOf('a');
        await repository.markOutboxQueued('a', [opened!.id], AT);
        expect(await outboxOf('a')).toEqual([incremented]);
        expect(await repository.queuedOutbox(new Date(AT.getTime() - 1), 10)).toEqual([]);
        expect(await repository.queuedOutbox(AT, 10)).toEqual([
          { aggregateId: 'a', entries: [{ entry: opened, ...queuedAt(AT) }] },
        ]);
        expect((await stored('a')).stateVersion).toBe(1);
      });

      it('lists only the entries queued before the time, up to the limit of aggregates', async () => {
        await added('a', 1);
        await added('b');
        const [opened, incremented] = await outboxOf('a');
        const [b] = await outboxOf('b');
        await repository.markOutboxQueued('a', [opened!.id], AT);
        await repository.markOutboxQueued('a', [incremented!.id], LATER);
        await repository.markOutboxQueued('b', [b!.id], AT);
        expect((await queuedIds(AT)).sort()).toEqual([
          ['a', ['io.lcm.counter.opened.v1']],
          ['b', ['io.lcm.counter.opened.v1']],
        ]);
        expect(await repository.queuedOutbox(LATER, 1)).toHaveLength(1);
        expect(await repository.pendingOutbox(10)).toEqual([]);
      });

      it('stamps an entry marked again with the new time, and marks an unknown id not at all', async () => {
        await added('a');
        const [opened] = await outboxOf('a');
        await repository.markOutboxQueued('a', [opened!.id], AT);
        await repository.markOutboxQueued('a', [opened!.id, 'not-an-event-id'], LATER);
        expect(await repository.queuedOutbox(AT, 10)).toEqual([]);
        expect(await repository.queuedOutbox(LATER, 10)).toEqual([
          { aggregateId: 'a', entries: [{ entry: opened, ...queuedAt(LATER) }] },
        ]);
      });

      it('keeps the subscribers that acknowledged an entry until they are told again', async () => {
        await added('a', 1);
        const [opened, incremented] = await outboxOf('a');
        await repository.markOutboxQueued('a', [opened!.id, incremented!.id], AT);
        await repository.markOutboxQueued('a', [opened!.id], AT, ['http://lab-manager/events']);
        await repository.markOutboxQueued('a', [opened!.id], LATER);
        expect(await repository.queuedOutbox(LATER, 10)).toEqual([
          {
            aggregateId: 'a',
            entries: [
              { entry: opened, ...queuedAt(LATER, ['http://lab-manager/events']) },
              { entry: incremented, ...queuedAt(AT) },
            ],
          },
        ]);
      });

      it('removes acknowledged entries, queued or not', async () => {
        await added('a', 1);
        const [opened, incremented] = await outboxOf('a');
        await repository.markOutboxQueued('a', [opened!.id], AT);
        await repository.acknowledgeOutbox('a', [opened!.id, incremented!.id]);
        expect(await repository.queuedOutbox(LATER, 10)).toEqual([]);
        expect(await repository.pendingOutbox(10)).toEqual([]);
      });

      it('keeps queued entries through a later update and out of the state', async () => {
        await added('a');
        const counter = await stored('a');
        const [opened] = await outboxOf('a');
        await repository.markOutboxQueued('a', [opened!.id], AT);
        counter.increment(2, LATER);
        await repository.update(counter);
        expect(await repository.queuedOutbox(AT, 10)).toEqual([
          { aggregateId: 'a', entries: [{ entry: opened, ...queuedAt(AT) }] },
        ]);
        expect((await outboxOf('a')).map((entry) => entry.type)).toEqual(['io.lcm.counter.incremented.v1']);
        expect(Object.keys((await stored('a')).state)).not.toContain('_queued');
      });
    });
  });
}

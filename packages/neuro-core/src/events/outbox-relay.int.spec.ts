import { randomUUID } from 'node:crypto';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { InMemoryRepository } from '../data/in-memory.repository';
import type { OutboxStore } from '../data/outbox';
import { AggregateRoot } from '../domain/aggregate-root';
import { cloudevent } from '../domain/cloudevent.decorator';
import { DomainEvent } from '../domain/domain-event';
import { Mediator } from '../mediator/mediator';
import { Metrics } from '../ops/metrics';
import type { DeliveryJob } from './delivery-job';
import { OutboxDomainEventPublisher } from './outbox-domain-event-publisher';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';

@cloudevent('io.test.parcel.sent.v1')
class ParcelSent extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly to: string,
  ) {
    super(aggregateId, occurredAt);
  }
}

class Parcel extends AggregateRoot<{ to?: string }> {
  send(to: string): this {
    this._state = { to };
    this.registerEvent(new ParcelSent(this.id, new Date('2026-01-01T00:00:00Z'), to));
    return this;
  }
}

const prefix = `test-outbox-relay-${randomUUID().slice(0, 8)}`;
const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const relays: OutboxRelay[] = [];

function setup(overrides: Partial<OutboxRelayOptions> = {}) {
  const service = `svc${randomUUID().slice(0, 8)}`;
  const { logger, lines } = captureLogs();
  const metrics = new Metrics();
  const options: OutboxRelayOptions = {
    service,
    connection,
    prefix,
    intervalMs: 60_000,
    metrics,
    logger,
    ...overrides,
  };
  const relay = new OutboxRelay(options);
  relays.push(relay);
  const parcels = new InMemoryRepository<Parcel, { to?: string }>({
    collection: 'parcels',
    source: '/test-service',
    rehydrate: (id, state, version) => new Parcel(id, state, version),
    publisher: new OutboxDomainEventPublisher({ mediator: new Mediator((cls) => new cls()), relay }),
  });
  relay.register(parcels);
  const queue = new Queue<DeliveryJob>(`${service}-events`, { connection, prefix });
  const queued = () => queue.getJobs(['waiting', 'delayed', 'active']);
  const depth = async () =>
    (await metrics.outboxDepth.get()).values.find((v) => v.labels['collection'] === 'parcels')?.value;
  /** Runs a delivery worker with `deliver` until the job `jobId` is in `state`, then stops it. */
  const deliverUntil = async (
    jobId: string,
    state: 'completed' | 'failed' | 'delayed',
    deliver: (job: Job<DeliveryJob>, token?: string) => Promise<void>,
  ) => {
    const worker = new Worker<DeliveryJob>(`${service}-events`, deliver, { connection, prefix });
    try {
      await eventually(async () => (await queue.getJobState(jobId)) === state);
    } finally {
      await worker.close();
    }
  };
  return { relay, options, parcels, queue, queued, depth, lines, deliverUntil };
}

describe('OutboxRelay', () => {
  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    await connection.quit();
  });

  it('queues every saved event as a job named by its CloudEvent id and empties the outbox', async () => {
    const { relay, parcels, queued, queue, depth } = setup();
    await parcels.add(new Parcel('p-1', {}).send('ada'));
    await parcels.add(new Parcel('p-2', {}).send('bob'));
    const [saved] = (await parcels.pendingOutbox(10))[0].entries;

    await relay.start();
    await relay.idle();

    const jobs = await queued();
    expect(jobs.map((job) => job.data.event.subject).sort()).toEqual(['p-1', 'p-2']);
    const job = jobs.find((j) => j.data.event.subject === 'p-1');
    expect(job?.id).toBe(saved.id);
    expect(job?.data).toEqual({ event: saved, deliveredTo: [] });
    expect(job?.opts).toMatchObject({ attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
    expect(await parcels.pendingOutbox(10)).toEqual([]);
    expect(await depth()).toBe(0);
    await queue.close();
  });

  it('relays an event as soon as it is saved, without waiting for the next poll', async () => {
    const { relay, parcels, queued, queue } = setup();
    await relay.start();
    await relay.idle();

    await parcels.add(new Parcel('p-3', {}).send('cy'));
    await relay.idle();

    expect((await queued()).map((job) => job.data.event.subject)).toEqual(['p-3']);
    await queue.close();
  });

  it('finds events nobody announced (left by a crash) on its periodic poll', async () => {
    const { relay, queued, queue } = setup({ intervalMs: 30 });
    const orphans = new InMemoryRepository<Parcel, { to?: string }>({
      collection: 'orphans',
      source: '/test-service',
      rehydrate: (id, state, version) => new Parcel(id, state, version),
    });
    relay.register(orphans);
    await relay.start();

    await orphans.add(new Parcel('p-4', {}).send('dee'));

    await eventually(async () => (await queued()).length === 1);
    expect(await orphans.pendingOutbox(10)).toEqual([]);
    await queue.close();
  });

  it('drains outboxes larger than one batch in one go', async () => {
    const { relay, parcels, queued, queue } = setup({ batchSize: 2 });
    for (let i = 0; i < 5; i++) await parcels.add(new Parcel(`b-${i}`, {}).send('eve'));

    await relay.start();
    await relay.idle();

    expect(await queued()).toHaveLength(5);
    expect(await parcels.pendingOutbox(10)).toEqual([]);
    await queue.close();
  });

  it('queues the events of one read of the outboxes with one call to Redis, not one per aggregate', async () => {
    const { relay, parcels, queued, queue } = setup({ batchSize: 3 });
    for (let i = 0; i < 5; i++) await parcels.add(new Parcel(`r-${i}`, {}).send('fay'));
    const addBulk = jest.spyOn(Queue.prototype, 'addBulk');

    await relay.start();
    await relay.idle();

    expect(addBulk.mock.calls.map(([jobs]) => jobs.length)).toEqual([3, 2]);
    expect(await queued()).toHaveLength(5);
    addBulk.mockRestore();
    await queue.close();
  });

  it('re-relays an event whose marking as queued failed without queueing it twice', async () => {
    const { options, parcels, queued, queue, depth, lines } = setup();
    let failMarks = 1;
    const flaky: OutboxStore = {
      collectionName: 'parcels',
      pendingOutbox: (limit) => parcels.pendingOutbox(limit),
      markOutboxQueued: async (id, eventIds, at) => {
        if (failMarks-- > 0) throw new Error('store went away after the queue took the event');
        await parcels.markOutboxQueued(id, eventIds, at);
      },
      queuedOutbox: (before, limit) => parcels.queuedOutbox(before, limit),
      acknowledgeOutbox: (id, eventIds) => parcels.acknowledgeOutbox(id, eventIds),
    };
    const crashy = new OutboxRelay({ ...options, stores: [flaky] });
    relays.push(crashy);
    await parcels.add(new Parcel('p-5', {}).send('fay'));

    await crashy.start();
    await crashy.idle();
    expect(await parcels.pendingOutbox(10)).toHaveLength(1);
    expect(await depth()).toBe(1);

    crashy.nudge();
    await crashy.idle();

    expect(await queued()).toHaveLength(1);
    expect(await parcels.pendingOutbox(10)).toEqual([]);
    expect(await depth()).toBe(0);
    expect(
      lines.filter(
        (line) => line['msg'] === 'outbox relay failed; events stay in the outbox and are retried every poll',
      ),
    ).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'outbox relay recovered', collection: 'parcels' }),
    );
    await queue.close();
  });

  it('logs a store that keeps failing once, not on every poll', async () => {
    const { relay, lines } = setup();
    const broken: OutboxStore = {
      collectionName: 'broken',
      pendingOutbox: async () => {
        throw new Error('database unreachable');
      },
      markOutboxQueued: async () => undefined,
      queuedOutbox: async () => [],
      acknowledgeOutbox: async () => undefined,
    };
    relay.register(broken).register(broken);
    await relay.start();

    for (let i = 0; i < 3; i++) {
      relay.nudge();
      await relay.idle();
    }

    expect(lines.filter((line) => line['collection'] === 'broken')).toHaveLength(1);
  });

  it('keeps a queued event in its outbox until its delivery job is done, then acknowledges it', async () => {
    const { relay, parcels, queue, lines, deliverUntil } = setup({ confirmAfterMs: 0 });
    await parcels.add(new Parcel('c-1', {}).send('hal'));
    await relay.start();
    await relay.idle();
    const [kept] = await parcels.queuedOutbox(new Date(), 10);
    expect(kept?.aggregateId).toBe('c-1');
    expect(await parcels.pendingOutbox(10)).toEqual([]);

    // Still waiting: nothing changes, and it is not taken for lost.
    relay.nudge();
    await relay.idle();
    expect(await parcels.queuedOutbox(new Date(), 10)).toHaveLength(1);
    expect(lines.map((line) => line['msg'])).not.toContain(
      'events whose delivery jobs Redis lost were queued again',
    );

    await deliverUntil(kept!.entries[0]!.entry.id, 'completed', async () => undefined);
    relay.nudge();
    await relay.idle();
    expect(await parcels.queuedOutbox(new Date(), 10)).toEqual([]);
    await queue.close();
  });

  it('queues an event again under its id when Redis lost its job, and streams it once', async () => {
    const append = jest.fn(async () => undefined);
    const { relay, parcels, queued, queue, lines } = setup({ confirmAfterMs: 0, stream: { append } });
    await parcels.add(new Parcel('c-2', {}).send('ivy'));
    await relay.start();
    await relay.idle();
    const [job] = await queued();
    await queue.obliterate({ force: true });
    expect(await queued()).toEqual([]);

    relay.nudge();
    await relay.idle();

    const [again] = await queued();
    expect([again?.id, again?.data]).toEqual([job?.id, job?.data]);
    expect(append).toHaveBeenCalledTimes(1);
    expect(await parcels.queuedOutbox(new Date(), 10)).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'events whose delivery jobs Redis lost were queued again', events: 1 }),
    );
    await queue.close();
  });

  // A delivery that reached one subscriber and not the other: EventDeliveryWorker records who has it and
  // schedules the retry itself; a worker of the previous version left the retry to BullMQ.
  it.each([
    [
      'EventDeliveryWorker',
      async (job: Job<DeliveryJob>, token?: string) => {
        await job.moveToDelayed(Date.now() + 60_000, token);
        throw new DelayedError('session-manager refused');
      },
    ],
    [
      'a worker that leaves the retry to BullMQ',
      async () => {
        throw new Error('session-manager refused');
      },
    ],
  ])('queues a lost event again without the subscribers that had acknowledged it (%s)', async (_, retry) => {
    const { relay, parcels, queued, queue, deliverUntil } = setup({
      confirmAfterMs: 0,
      attempts: 3,
      backoffMs: 60_000,
    });
    await parcels.add(new Parcel('c-5', {}).send('lou'));
    await relay.start();
    await relay.idle();
    const [{ id: jobId }] = await queued();
    await deliverUntil(jobId!, 'delayed', async (job, token) => {
      await job.updateData({ ...job.data, deliveredTo: ['http://lab-manager/events'] });
      await retry(job, token);
    });
    relay.nudge();
    await relay.idle();
    await queue.obliterate({ force: true });

    relay.nudge();
    await relay.idle();

    const [again] = await queued();
    expect([again?.id, again?.data.deliveredTo]).toEqual([jobId, ['http://lab-manager/events']]);
    await queue.close();
  });

  it('asks the queue about a queued event only once it has been queued for confirmAfterMs', async () => {
    const { relay, parcels, queued, queue } = setup({ confirmAfterMs: 60_000 });
    await parcels.add(new Parcel('c-3', {}).send('jay'));
    await relay.start();
    await relay.idle();
    await queue.obliterate({ force: true });

    for (let i = 0; i < 3; i++) {
      relay.nudge();
      await relay.idle();
    }

    expect(await queued()).toEqual([]);
    expect(await parcels.queuedOutbox(new Date(), 10)).toHaveLength(1);
    await queue.close();
  });

  it('acknowledges an event whose delivery failed for good: the dead letter is in the queue', async () => {
    const { relay, parcels, queue, deliverUntil } = setup({ confirmAfterMs: 0, attempts: 1 });
    await parcels.add(new Parcel('c-4', {}).send('kim'));
    await relay.start();
    await relay.idle();
    const [kept] = await parcels.queuedOutbox(new Date(), 10);
    await deliverUntil(kept!.entries[0]!.entry.id, 'failed', async () => {
      throw new Error('subscriber refused');
    });

    relay.nudge();
    await relay.idle();

    expect(await parcels.queuedOutbox(new Date(), 10)).toEqual([]);
    await queue.close();
  });

  it('can be stopped twice and ignores nudges once stopped', async () => {
    const { relay, parcels, queued, queue } = setup();
    await relay.start();
    await relay.start();

    await Promise.all([relay.stop(), relay.stop()]);
    await parcels.add(new Parcel('p-6', {}).send('gus'));
    await relay.idle();

    expect(await queued()).toEqual([]);
    expect(await parcels.pendingOutbox(10)).toHaveLength(1);
    await queue.close();
  });
});

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FrameworkError } from '../core/framework-error';
import { commandHandler } from '../mediator/handler-registration';
import { Mediator } from '../mediator/mediator';
import { Command } from '../mediator/request';
import { CommandHandler } from '../mediator/request-handler';
import { JobHost } from './job-host';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';
import { RedisServer } from '../testing/redis-server';

let ticks = 0;

class Tick extends Command {}

@commandHandler(Tick)
class TickHandler extends CommandHandler<Tick> {
  async handle() {
    ticks++;
    return this.noContent();
  }
}

describe('JobHost schedulers when Redis loses them', () => {
  let redis: RedisServer;
  let connection: Redis;
  const hosts: JobHost[] = [];
  const { logger, lines } = captureLogs();

  beforeAll(async () => {
    redis = await RedisServer.start();
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    connection?.disconnect();
    await redis?.kill();
  });

  beforeEach(() => {
    ticks = 0;
    lines.length = 0;
  });

  function startHost(service: string, schedulerCheckMs: number): Promise<JobHost> {
    const mediator = new Mediator((cls) => new cls()).register(TickHandler);
    const host = new JobHost({ service, connection, mediator, logger, schedulerCheckMs });
    hosts.push(host);
    host.schedule('tick', { everyMs: 100 }, () => new Tick());
    return host.start().then(() => host);
  }

  const repairs = (trigger: string) => lines.filter((line) => line['trigger'] === trigger && line['jobs']);

  it('re-creates its schedulers as soon as a restarted Redis is back, and readiness turns green again', async () => {
    // The periodic check is out of the way: only the reconnection can bring the scheduler back.
    const host = await startHost('restart', 3_600_000);
    await eventually(() => ticks > 0, 15_000, 'the first tick');
    expect(await host.healthCheck.check()).toEqual({ ok: true });

    await redis.kill();
    await eventually(
      async () => !(await host.healthCheck.check()).ok,
      15_000,
      'readiness to fail while Redis is down',
    );
    await redis.start();

    await eventually(
      async () => (await host.missingSchedulers()).length === 0,
      15_000,
      'the scheduler to be back',
    );
    expect(await host.healthCheck.check()).toEqual({ ok: true });
    expect(repairs('the Redis connection is ready again')).toEqual([
      expect.objectContaining({ level: 40, jobs: ['tick'] }),
    ]);
    const ticksBefore = ticks;
    await eventually(() => ticks >= ticksBefore + 2, 15_000, 'two ticks after the restart');
    await host.stop();
  }, 30_000);

  it('fails at once, with unavailable, to queue a job while Redis is down, and queues again once it is back', async () => {
    const mediator = new Mediator((cls) => new cls()).register(TickHandler);
    const host = new JobHost({ service: 'enqueue', connection, mediator, logger });
    hosts.push(host);
    host.define('tick-now', () => new Tick());
    await host.start();

    await redis.kill();
    await eventually(() => connection.status !== 'ready', 15_000, 'the connection to notice');
    const startedAt = Date.now();
    const refused = await host.enqueue('tick-now', {}).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(FrameworkError.is(refused, 'unavailable')).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    await redis.start();
    await eventually(() => connection.status === 'ready', 15_000, 'the connection to be back');
    const ticksBefore = ticks;
    await host.enqueue('tick-now', {});
    await eventually(() => ticks > ticksBefore, 15_000, 'the job queued after the restart to run');
    await host.stop();
  }, 30_000);

  it('fails readiness, naming the job, when a declared scheduler is missing, and has it re-created at once', async () => {
    const host = await startHost('flushed', 3_600_000);
    await connection.flushall();

    expect(await host.missingSchedulers()).toEqual(['tick']);
    expect(await host.healthCheck.check()).toEqual({
      ok: false,
      detail: 'job schedulers missing from Redis: tick',
    });

    await eventually(
      async () => (await host.missingSchedulers()).length === 0,
      15_000,
      'the scheduler to be back',
    );
    expect(await host.healthCheck.check()).toEqual({ ok: true });
    expect(repairs('readiness check')).toEqual([expect.objectContaining({ jobs: ['tick'] })]);
    await host.stop();
  });

  it('re-creates, on its periodic check, a scheduler flushed while connected, and the job fires again', async () => {
    const host = await startHost('periodic', 100);
    await eventually(() => ticks > 0, 15_000, 'the first tick');

    await connection.flushall();

    await eventually(
      async () => (await host.missingSchedulers()).length === 0,
      15_000,
      'the scheduler to be back',
    );
    expect(await host.healthCheck.check()).toEqual({ ok: true });
    expect(repairs('periodic check')).toEqual([expect.objectContaining({ jobs: ['tick'] })]);
    const ticksBefore = ticks;
    await eventually(() => ticks >= ticksBefore + 2, 15_000, 'two ticks after the repair');
    await host.stop();
  });

  it('leaves a scheduler that is present alone: a check reads, and writes nothing', async () => {
    const host = await startHost('steady', 50);
    const reads = jest.spyOn(Queue.prototype, 'getJobScheduler');
    const writes = jest.spyOn(Queue.prototype, 'upsertJobScheduler');
    try {
      await eventually(() => reads.mock.calls.length >= 3, 15_000, 'three periodic checks');
      expect(writes).not.toHaveBeenCalled();
      expect(repairs('periodic check')).toEqual([]);
    } finally {
      reads.mockRestore();
      writes.mockRestore();
      await host.stop();
    }
  });
});

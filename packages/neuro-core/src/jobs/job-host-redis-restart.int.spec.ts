import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { commandHandler } from '../mediator/handler-registration';
import { Mediator } from '../mediator/mediator';
import { Command } from '../mediator/request';
import { CommandHandler } from '../mediator/request-handler';
import { JobHost } from './job-host';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';

let ticks = 0;

class Tick extends Command {}

@commandHandler(Tick)
class TickHandler extends CommandHandler<Tick> {
  async handle() {
    ticks++;
    return this.noContent();
  }
}

/** A redis-server of this test's own, kept in memory only (as a Redis without persistence in production). */
class RedisServer {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, empty) on the same port and waits until it answers PING. */
  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    // Even if the test process ends without its afterAll, the server must not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer within 10 s`);
      await pause(20);
    }
  }

  /** Kills it as a crash would (no shutdown save, not that it has anything to save) and waits for the exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('error', () => done(false));
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

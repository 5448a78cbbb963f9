import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { OperationResult } from '../core/operation-result';
import { commandHandler } from '../mediator/handler-registration';
import { Mediator } from '../mediator/mediator';
import { Command } from '../mediator/request';
import { CommandHandler } from '../mediator/request-handler';
import { Metrics } from '../ops/metrics';
import { JobHost, type JobHostOptions } from './job-host';
import { captureLogs } from '../testing/capture-logs';
import { eventually } from '../testing/eventually';

const calls: string[] = [];
let flakyFailures = 0;

class SyncFleet extends Command {}

@commandHandler(SyncFleet)
class SyncFleetHandler extends CommandHandler<SyncFleet> {
  async handle() {
    calls.push('sync');
    return this.noContent();
  }
}

class ImportLab extends Command<string> {
  constructor(readonly labId: string) {
    super();
  }
}

@commandHandler(ImportLab)
class ImportLabHandler extends CommandHandler<ImportLab> {
  async handle({ labId }: ImportLab) {
    calls.push(`import:${labId}`);
    if (labId === 'missing') return this.notFound('lab', labId);
    if (labId === 'flaky' && flakyFailures-- > 0) return OperationResult.fail(503, 'CML is restarting');
    return this.ok(labId);
  }
}

/** Holds every run of HangingImport until released: a job caught running by a crash. */
let releaseHanging: () => void = () => undefined;
const hanging = () => new Promise<void>((resolve) => (releaseHanging = resolve));

class HangingImport extends Command {}

@commandHandler(HangingImport)
class HangingImportHandler extends CommandHandler<HangingImport> {
  async handle() {
    calls.push('hanging-import');
    if (calls.filter((call) => call === 'hanging-import').length === 1) await hanging();
    return this.noContent();
  }
}

const prefix = `test-job-host-${randomUUID().slice(0, 8)}`;
const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const hosts: JobHost[] = [];

function setup(overrides: Partial<JobHostOptions> = {}) {
  const service = `svc${randomUUID().slice(0, 8)}`;
  const { logger, lines } = captureLogs();
  const metrics = new Metrics();
  const mediator = new Mediator((cls) => new cls()).register(
    SyncFleetHandler,
    ImportLabHandler,
    HangingImportHandler,
  );
  const options: JobHostOptions = {
    service,
    connection,
    prefix,
    mediator,
    metrics,
    logger,
    defaults: { backoffMs: 20 },
    ...overrides,
  };
  const host = new JobHost(options);
  hosts.push(host);
  const queue = new Queue(`${service}-jobs`, { connection, prefix });
  const durations = async () =>
    (await metrics.jobDuration.get()).values
      .filter((v) => v.metricName === 'lcm_job_duration_seconds_count')
      .map((v) => ({ job: v.labels['job'], outcome: v.labels['outcome'], count: v.value }));
  return { host, options, queue, lines, durations };
}

describe('JobHost', () => {
  beforeEach(() => {
    calls.length = 0;
    flakyFailures = 0;
  });

  afterAll(async () => {
    for (const host of hosts) await host.stop();
    const keys = await connection.keys(`${prefix}:*`);
    if (keys.length > 0) await connection.del(...keys);
    await connection.quit();
  });

  it('runs a scheduled command again and again', async () => {
    const { host, queue, durations } = setup();
    host.schedule('fleet-sync', { everyMs: 100 }, () => new SyncFleet());

    await host.start();

    await eventually(() => calls.length >= 3);
    expect(new Set(calls)).toEqual(new Set(['sync']));
    expect((await durations()).find((d) => d.job === 'fleet-sync')).toMatchObject({ outcome: 'ok' });
    await host.stop();
    await queue.close();
  });

  it('keeps one scheduler per job however many times (or replicas) start it', async () => {
    const first = setup();
    const second = new JobHost(first.options);
    hosts.push(second);
    for (const host of [first.host, second])
      host.schedule('fleet-sync', { cron: '0 3 * * *', tz: 'Europe/Paris' }, () => new SyncFleet());

    await first.host.start();
    await second.start();

    const schedulers = await first.queue.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'fleet-sync', pattern: '0 3 * * *', tz: 'Europe/Paris' }),
    ]);
    await first.queue.close();
  });

  it('removes at start the schedulers of jobs no longer declared', async () => {
    const before = setup();
    before.host.schedule('old-report', { everyMs: 60_000 }, () => new SyncFleet());
    await before.host.start();
    await before.host.stop();
    const after = new JobHost(before.options);
    hosts.push(after);
    after.schedule('fleet-sync', { everyMs: 60_000 }, () => new SyncFleet());

    await after.start();

    expect((await before.queue.getJobSchedulers()).map((s) => s.key)).toEqual(['fleet-sync']);
    await before.queue.close();
  });

  it('runs an on-demand job once with its data', async () => {
    const { host, queue } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));
    await host.start();

    const jobId = await host.enqueue('import-lab', { labId: 'lab-7' });

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(calls).toEqual(['import:lab-7']);
    expect(await queue.getJobState(jobId)).toBe('completed');
    await queue.close();
  });

  it('queues a job with a given id only once', async () => {
    const { host, queue } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));

    const ids = [await host.enqueue('import-lab', { labId: 'lab-8' }, { jobId: 'lab-8' })];
    ids.push(await host.enqueue('import-lab', { labId: 'lab-8' }, { jobId: 'lab-8' }));
    await host.start();

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(ids).toEqual(['lab-8', 'lab-8']);
    expect(calls).toEqual(['import:lab-8']);
    await queue.close();
  });

  it('runs a finished job again under its id when asked to (rerunFinished), and not otherwise', async () => {
    const { host, queue } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));
    await host.start();
    const again = { jobId: 'lab-9', rerunFinished: true };

    await host.enqueue('import-lab', { labId: 'lab-9' }, again);
    await eventually(async () => (await queue.getJobState('lab-9')) === 'completed');
    await host.enqueue('import-lab', { labId: 'lab-9' }, again);
    await eventually(async () => calls.length === 2);
    await eventually(async () => (await queue.getJobState('lab-9')) === 'completed');
    await host.enqueue('import-lab', { labId: 'lab-9' }, { jobId: 'lab-9' });

    expect(calls).toEqual(['import:lab-9', 'import:lab-9']);
    await queue.close();
  });

  it('runs a delayed job no earlier than asked', async () => {
    const { host, queue } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));
    await host.start();
    const queuedAt = Date.now();

    await host.enqueue('import-lab', { labId: 'later' }, { delayMs: 300 });

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(300);
    await queue.close();
  });

  it('does not retry a job whose command fails with a 4xx, and logs why', async () => {
    const { host, queue, lines, durations } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId), { attempts: 3 });
    await host.start();

    const jobId = await host.enqueue('import-lab', { labId: 'missing' });

    await eventually(async () => (await queue.getFailedCount()) === 1);
    const job = await queue.getJob(jobId);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toBe('job import-lab (1) failed with 404: lab missing was not found');
    expect(calls).toEqual(['import:missing']);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        job: 'import-lab',
        status: 404,
        msg: 'job refused; a 4xx is not retried',
      }),
    );
    expect(await durations()).toEqual([{ job: 'import-lab', outcome: '404', count: 1 }]);
    await queue.close();
  });

  it('retries a job whose command fails with a 5xx until it succeeds', async () => {
    const { host, queue, durations } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));
    await host.start();
    flakyFailures = 2;

    await host.enqueue('import-lab', { labId: 'flaky' });

    await eventually(async () => (await queue.getCompletedCount()) === 1);
    expect(calls).toEqual(['import:flaky', 'import:flaky', 'import:flaky']);
    expect(await durations()).toEqual([
      { job: 'import-lab', outcome: '503', count: 2 },
      { job: 'import-lab', outcome: 'ok', count: 1 },
    ]);
    await queue.close();
  });

  it('retries a job that throws, and gives up after its attempts', async () => {
    const { host, queue, durations } = setup();
    host.define(
      'import-lab',
      () => {
        throw new Error('cannot build the command');
      },
      { attempts: 2 },
    );
    await host.start();

    const jobId = await host.enqueue('import-lab', {});

    await eventually(async () => (await queue.getFailedCount()) === 1);
    expect((await queue.getJob(jobId))?.attemptsMade).toBe(2);
    expect(await durations()).toEqual([{ job: 'import-lab', outcome: 'error', count: 2 }]);
    await queue.close();
  });

  it('fails, without retrying, a job nobody here defines', async () => {
    const { host, queue } = setup();
    await host.start();

    const job = await queue.add('ghost-job', {}, { attempts: 3 });

    await eventually(async () => (await queue.getFailedCount()) === 1);
    expect((await queue.getJob(job.id as string))?.failedReason).toMatch(/no job named ghost-job is defined/);
    await queue.close();
  });

  it('refuses job names and ids that contain ":"', async () => {
    const { host } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));

    expect(() => host.define('lab:import', () => new SyncFleet())).toThrow(
      /job name "lab:import" contains ':'/,
    );
    await expect(host.enqueue('import-lab', { labId: 'x' }, { jobId: 'lab:9' })).rejects.toThrow(
      /job id "lab:9" contains ':'/,
    );
  });

  it('refuses a job declared twice, after start, or enqueued without a definition', async () => {
    const { host } = setup();
    host.define('import-lab', (data: { labId: string }) => new ImportLab(data.labId));
    host.schedule('fleet-sync', { everyMs: 60_000 }, () => new SyncFleet());

    expect(() => host.define('import-lab', () => new SyncFleet())).toThrow(
      /job import-lab is already defined/,
    );
    await expect(host.enqueue('fleet-sync', {})).rejects.toThrow(/no on-demand job named fleet-sync/);
    await expect(host.enqueue('unknown', {})).rejects.toMatchObject({ kind: 'missingHandler' });
    await host.start();
    expect(() => host.define('late', () => new SyncFleet())).toThrow(
      /must be declared before the job host starts/,
    );
  });

  it('abandoned as in a crash, leaves its running job active, and a fresh host runs it once the lock expires', async () => {
    const { host, options, queue } = setup({ lockDurationMs: 500 });
    host.define('hanging-import', () => new HangingImport());
    await host.start();
    const id = await host.enqueue('hanging-import', {});
    await eventually(() => calls.includes('hanging-import'), 5_000, 'the job to be running');

    await host.abandon();
    expect(await (await queue.getJob(id))?.getState()).toBe('active');

    const fresh = new JobHost(options);
    hosts.push(fresh);
    fresh.define('hanging-import', () => new HangingImport());
    await fresh.start();
    await eventually(
      async () => (await (await queue.getJob(id))?.getState()) === 'completed',
      10_000,
      'the fresh host to take the job over and complete it',
    );
    expect(calls.filter((call) => call === 'hanging-import')).toHaveLength(2);
    releaseHanging();
    await queue.close();
  });

  it('can be stopped and closed twice', async () => {
    const { host } = setup();
    await host.start();
    await host.start();

    await Promise.all([host.stop(), host.close()]);
    await host.start();

    await expect(host.close()).resolves.toBeUndefined();
  });
});

import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FrameworkError } from '../core/framework-error';
import type { OperationResult } from '../core/operation-result';
import type { HostedService } from '../hosting/hosted-service';
import type { Mediator } from '../mediator/mediator';
import type { Request } from '../mediator/request';
import type { HealthCheck } from '../ops/health-check';
import type { Metrics } from '../ops/metrics';
import { JobSchedulersHealthCheck } from './job-schedulers-health-check';
import { SpanKind, activeTraceCarrier, inSpan, queuedContextOf } from '../ops/tracing';

/** Turns a job's data into the command (or query) the job runs. */
export type JobRequestBuilder<TData = unknown> = (data: TData) => Request<unknown>;

/** When a scheduled job runs: every N milliseconds, or on a cron pattern (optionally in a time zone). */
export type JobSchedule = { readonly everyMs: number } | { readonly cron: string; readonly tz?: string };

/** Retry policy of one job name; unset fields take the host's defaults. */
export interface JobOptions {
  /** Runs before giving up (the first run counts). */
  readonly attempts?: number;
  /** First retry delay; each later one doubles. */
  readonly backoffMs?: number;
}

/** Data and retry policy of a scheduled job. */
export interface ScheduleOptions<TData> extends JobOptions {
  /** The data every run's request is built from. */
  readonly data?: TData;
}

/** How one on-demand job is queued. */
export interface EnqueueOptions {
  /** Makes enqueueing idempotent: a job with an id that is still queued or recently finished is not added again. */
  readonly jobId?: string;
  /** Runs it no earlier than this many milliseconds from now. */
  readonly delayMs?: number;
  /**
   * With `jobId`: a job under that id that finished (completed, or failed for good and kept for operators)
   * is replaced, so work found due again runs again; one still queued or running is left alone.
   */
  readonly rerunFinished?: boolean;
}

/** How a JobHost is wired and tuned. */
export interface JobHostOptions {
  /** The service name; its queue is `<service>-jobs`. */
  readonly service: string;
  /** A connection the caller owns and closes; BullMQ duplicates it, so it needs `maxRetriesPerRequest: null`. */
  readonly connection: Redis;
  /** BullMQ key prefix; tests use their own so they never meet. Default `bull`. */
  readonly prefix?: string;
  readonly mediator: Pick<Mediator, 'execute'>;
  /** Jobs run in parallel by this process. Default 5. */
  readonly concurrency?: number;
  /** Default retry policy of every job. Defaults: 5 attempts, 1000 ms first backoff. */
  readonly defaults?: JobOptions;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
  /**
   * How often the host checks that every declared scheduler is still in Redis and re-creates the missing
   * ones (a Redis restarted without persistence, or flushed, loses them silently). Default 10 000 ms: a
   * flush keeps the connection up, so without a readiness probe this check is what brings placement and
   * the timers back, and it costs one Redis read per declared scheduler.
   */
  readonly schedulerCheckMs?: number;
  /**
   * How long a running job stays claimed without its process renewing the claim (a crashed process): then
   * another instance's stalled-job check takes it over. Default 30 000 ms (BullMQ's).
   */
  readonly lockDurationMs?: number;
  /** How long `enqueue` waits for Redis before it fails with `unavailable`. Default 5000 ms. */
  readonly enqueueTimeoutMs?: number;
}

interface Definition {
  readonly build: JobRequestBuilder<never>;
  readonly options: JobsOptions;
  readonly schedule?: JobSchedule & { readonly data?: unknown };
}

const DAY_SECONDS = 24 * 60 * 60;
const SCHEDULER_CHECK_MS = 10_000;
const ENQUEUE_TIMEOUT_MS = 5_000;

/**
 * The background jobs of one service on its one BullMQ queue, `<service>-jobs`: recurring jobs (job
 * schedulers, upserted at start, so restarts and several replicas never multiply them) and on-demand ones.
 * A job only builds a request and sends it through the mediator, so jobs get the same validation, logging
 * and handlers as HTTP. A 5xx Failure or a thrown error fails the job and it is retried with exponential
 * backoff; a 4xx Failure will not get better by retrying, so it is logged and the job fails for good.
 *
 * Schedulers live only in Redis: a Redis restarted without persistence (or flushed) loses them while every
 * other health check turns green again. So the host re-creates the missing ones whenever its connection is
 * ready again, every `schedulerCheckMs`, and when its `healthCheck` finds one missing; that check fails
 * readiness while any is missing.
 */
export class JobHost implements HostedService {
  readonly name = 'job-host';
  /** Readiness of this host's schedulers: fails, naming them, while any declared scheduler is missing. */
  readonly healthCheck: HealthCheck;
  private readonly queue: Queue;
  private readonly definitions = new Map<string, Definition>();
  private worker?: Worker;
  private started = false;
  private stopping?: Promise<void>;
  private checkTimer?: NodeJS.Timeout;
  private pendingRepair?: Promise<void>;
  private readonly onReady = () => void this.repairSchedulers('the Redis connection is ready again');

  constructor(private readonly options: JobHostOptions) {
    this.queue = new Queue(`${options.service}-jobs`, {
      connection: options.connection,
      ...(options.prefix ? { prefix: options.prefix } : {}),
    });
    this.queue.on('error', (error) => options.logger?.warn({ err: error }, 'job queue connection error'));
    this.healthCheck = new JobSchedulersHealthCheck(
      { missing: () => this.missingSchedulers(), onMissing: () => this.repairOnce('readiness check') },
      options.connection,
    );
  }

  /** Declares a recurring job; its scheduler is created or updated in Redis at start. */
  schedule<TData = undefined>(
    name: string,
    when: JobSchedule,
    buildRequest: JobRequestBuilder<TData>,
    options: ScheduleOptions<TData> = {},
  ): this {
    return this.add(name, buildRequest, options, { ...when, data: options.data });
  }

  /** Declares a job that runs when something calls `enqueue` with its name. */
  define<TData>(name: string, buildRequest: JobRequestBuilder<TData>, options: JobOptions = {}): this {
    return this.add(name, buildRequest, options);
  }

  /**
   * Queues one run of a defined job with its data; returns the job id. The run continues the caller's
   * trace, so the placement and lab work a request queues show in the request's trace. While Redis is away
   * it fails at once (or after `enqueueTimeoutMs` when Redis went away mid-call) with a FrameworkError
   * `unavailable`, which the mediator answers 503: the connection would otherwise hold the call, and its
   * request, until Redis is back.
   */
  async enqueue<TData>(name: string, data: TData, options: EnqueueOptions = {}): Promise<string> {
    const definition = this.definitions.get(name);
    if (!definition || definition.schedule) {
      throw new FrameworkError(
        'missingHandler',
        `no on-demand job named ${name} is defined; call define() first`,
      );
    }
    if (options.jobId !== undefined) refuseColon('job id', options.jobId);
    const { status } = this.options.connection;
    if (status !== 'ready') {
      throw new FrameworkError('unavailable', `job ${name} cannot be queued: Redis connection is ${status}`);
    }
    const trace = activeTraceCarrier();
    const add = () =>
      this.queue.add(name, data, {
        ...definition.options,
        ...(options.jobId !== undefined ? { jobId: options.jobId } : {}),
        ...(options.delayMs ? { delay: options.delayMs } : {}),
        // The trace that queued the job goes with it in BullMQ's own slot for context propagation (the JSON
        // carrier bullmq-otel would write too), so the job's data stays exactly what its builder receives.
        ...(trace['traceparent'] ? { telemetry: { metadata: JSON.stringify(trace) } } : {}),
      });
    const { jobId } = options;
    const added = options.rerunFinished && jobId !== undefined ? this.replaceFinished(jobId, add) : add();
    // Settled after a timeout, its outcome has no one left to tell; it must not become an unhandled rejection.
    added.catch(() => undefined);
    const timeoutMs = this.options.enqueueTimeoutMs ?? ENQUEUE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FrameworkError('unavailable', `job ${name} not queued within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return (await Promise.race([added, timeout])).id as string;
    } finally {
      clearTimeout(timer);
    }
  }

  private async replaceFinished<T>(jobId: string, add: () => Promise<T>): Promise<T> {
    const state = await this.queue.getJobState(jobId);
    // BullMQ ignores an add under an id it still holds, and keeps finished jobs for days.
    if (state === 'completed' || state === 'failed') await this.queue.remove(jobId);
    return add();
  }

  /** Upserts the schedulers, removes the ones no longer declared, and starts processing. */
  async start(): Promise<void> {
    if (this.started || this.stopping) return;
    this.started = true;
    await this.syncSchedulers();
    this.worker = new Worker(this.queue.name, (job) => this.process(job), {
      connection: this.options.connection,
      ...(this.options.prefix ? { prefix: this.options.prefix } : {}),
      concurrency: this.options.concurrency ?? 5,
      ...(this.options.lockDurationMs
        ? { lockDuration: this.options.lockDurationMs, stalledInterval: this.options.lockDurationMs }
        : {}),
    });
    this.worker.on('error', (error) => this.options.logger?.warn({ err: error }, 'job worker error'));
    await this.worker.waitUntilReady();
    if (this.stopping) return;
    this.options.connection.on('ready', this.onReady);
    this.checkTimer = setInterval(
      () => this.repairOnce('periodic check'),
      this.options.schedulerCheckMs ?? SCHEDULER_CHECK_MS,
    ).unref();
  }

  /** The declared schedulers that are not in Redis, by job name. */
  async missingSchedulers(): Promise<string[]> {
    const names = [...this.definitions].filter(([, d]) => d.schedule).map(([name]) => name);
    const found = await Promise.all(names.map((name) => this.queue.getJobScheduler(name)));
    return names.filter((_, index) => !found[index]);
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** Stops at once, as a crash would: running jobs stay active in Redis until their locks expire. */
  abandon(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.checkTimer);
      this.options.connection.off('ready', this.onReady);
      await this.worker?.close(true);
    })();
    return this.stopping;
  }

  /** The same as stop(): for callers that think of the host as a resource to close. */
  close(): Promise<void> {
    return this.stop();
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.checkTimer);
    this.options.connection.off('ready', this.onReady);
    await this.worker?.close();
    await this.queue.close();
  }

  private add(
    name: string,
    build: JobRequestBuilder<never>,
    options: JobOptions,
    schedule?: Definition['schedule'],
  ): this {
    refuseColon('job name', name);
    if (this.definitions.has(name)) {
      throw new FrameworkError(
        'duplicateHandler',
        `job ${name} is already defined in ${this.options.service}`,
      );
    }
    if (this.started) {
      throw new FrameworkError('invalidSettings', `job ${name} must be declared before the job host starts`);
    }
    this.definitions.set(name, { build, options: this.jobOptions(options), schedule });
    return this;
  }

  /** The one place job options are merged with the defaults. */
  private jobOptions(options: JobOptions): JobsOptions {
    const defaults = this.options.defaults ?? {};
    return {
      attempts: options.attempts ?? defaults.attempts ?? 5,
      backoff: { type: 'exponential', delay: options.backoffMs ?? defaults.backoffMs ?? 1000 },
      removeOnComplete: { age: DAY_SECONDS, count: 1000 },
      removeOnFail: { age: 7 * DAY_SECONDS, count: 5000 },
    };
  }

  private async syncSchedulers(): Promise<void> {
    for (const name of this.definitions.keys()) await this.upsertScheduler(name);
    for (const scheduler of await this.queue.getJobSchedulers()) {
      const declared = this.definitions.get(scheduler.key)?.schedule;
      if (declared) continue;
      await this.queue.removeJobScheduler(scheduler.key);
      this.options.logger?.info(
        { job: scheduler.key },
        'removed the scheduler of a job that is no longer declared',
      );
    }
  }

  /** Creates or updates the scheduler of a declared recurring job (idempotent: one scheduler per name). */
  private async upsertScheduler(name: string): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition?.schedule) return;
    const { schedule, options } = definition;
    const repeat =
      'everyMs' in schedule ? { every: schedule.everyMs } : { pattern: schedule.cron, tz: schedule.tz };
    await this.queue.upsertJobScheduler(name, repeat, { name, data: schedule.data, opts: options });
  }

  /** A repair unless one is already under way: while Redis is away a check waits for it, and one is enough. */
  private repairOnce(trigger: string): void {
    this.pendingRepair ??= this.repairSchedulers(trigger).finally(() => {
      this.pendingRepair = undefined;
    });
  }

  /**
   * Re-creates the declared schedulers Redis lost. Only the missing ones are written, so a check costs one
   * read per scheduler; schedulers no longer declared are left to start-up to remove, so that two versions
   * running side by side during a rollout do not undo each other every minute.
   */
  private async repairSchedulers(trigger: string): Promise<void> {
    if (!this.started || this.stopping) return;
    try {
      const missing = await this.missingSchedulers();
      for (const name of missing) await this.upsertScheduler(name);
      if (missing.length > 0) {
        this.options.logger?.warn(
          { jobs: missing, trigger },
          'job schedulers were missing from Redis (restarted without persistence, or flushed); re-created them',
        );
      }
    } catch (error) {
      this.options.logger?.warn({ err: error, trigger }, 'could not check the job schedulers; retried later');
    }
  }

  private async process(job: Job): Promise<void> {
    const definition = this.definitions.get(job.name);
    if (!definition) {
      throw new UnrecoverableError(`no job named ${job.name} is defined in ${this.options.service}`);
    }
    const endTimer = this.options.metrics?.jobDuration.startTimer({ job: job.name });
    const fields = { job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 };
    let result: OperationResult<unknown>;
    try {
      result = await inSpan(
        `job ${job.name}`,
        SpanKind.CONSUMER,
        { 'lcm.job': job.name },
        () => this.options.mediator.execute(definition.build(job.data as never)),
        queuedContextOf(queuedTrace(job)),
      );
    } catch (error) {
      endTimer?.({ outcome: 'error' });
      this.options.logger?.error({ ...fields, err: error }, 'job threw; it will be retried');
      throw error;
    }
    endTimer?.({ outcome: result.ok ? 'ok' : String(result.status) });
    if (result.ok) return;
    const reason = `job ${job.name} (${job.id}) failed with ${result.status}: ${result.problem.detail ?? result.problem.title}`;
    const log = { ...fields, status: result.status, detail: result.problem.detail };
    if (result.status >= 500) {
      this.options.logger?.error(log, 'job failed; it will be retried');
      throw new Error(reason);
    }
    this.options.logger?.warn(log, 'job refused; a 4xx is not retried');
    throw new UnrecoverableError(reason);
  }
}

/**
 * The trace context an on-demand job was queued in; none for a scheduler's run, which starts a trace of its
 * own. Unreadable metadata (written by another tool) starts a new trace rather than failing the job.
 */
function queuedTrace(job: Job): Record<string, unknown> {
  const metadata = job.opts.telemetry?.metadata;
  if (!metadata) return {};
  try {
    const carrier: unknown = JSON.parse(metadata);
    return carrier && typeof carrier === 'object' ? (carrier as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function refuseColon(what: string, value: string): void {
  // BullMQ builds its Redis keys with ':'; an id containing one would address the wrong keys.
  if (value.includes(':')) {
    throw new FrameworkError(
      'invalidSettings',
      `${what} "${value}" contains ':', which BullMQ does not allow; use '-' or '.'`,
    );
  }
}

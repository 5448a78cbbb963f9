import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { type Ec2Simulator, startEc2Simulator } from '@lcm/ec2-simulator';
import type { CommonSettings } from '@lcm/neuro-core';
import {
  type BuiltService,
  DevIssuer,
  type OutboxEntry,
  type ServiceDefinition,
  buildService,
  createLogger,
} from '@lcm/neuro-core/hosting';
import { deleteRedisKeys, eventually, mingoDb } from '@lcm/neuro-core/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import { labManagerService } from '../../../../apps/lab-manager/src/service';
import { sessionManagerService } from '../../../../apps/session-manager/src/service';
import { workerManagerService } from '../../../../apps/worker-manager/src/service';
import { EventSpy } from '../event-spy';
import { onePoolTemplates } from '../one-pool-templates';
import { RoundRobinProxy } from './round-robin-proxy';

const root = join(__dirname, '../../../..');
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The services of LCM, by the name their events carry as source. */
export type ServiceName = 'worker-manager' | 'lab-manager' | 'session-manager';

/** One pod of a service. */
export interface Replica {
  readonly name: string;
  readonly url: string;
  readonly service: BuiltService<CommonSettings>;
  stopped: boolean;
}

/**
 * Both pods of one service: the MongoDB database and Redis key prefix they share, the Kubernetes-like
 * Service (round-robin proxy) in front of them, and every event either of them saved.
 */
export interface ReplicatedService {
  readonly name: ServiceName;
  readonly prefix: string;
  readonly db: Db;
  readonly proxy: RoundRobinProxy;
  /** Every replica started, oldest first (a rolled-out one stays listed, stopped, for its metrics). */
  readonly replicas: Replica[];
  readonly saved: OutboxEntry[];
  /** Warnings and errors both replicas logged, for failure messages. */
  readonly log: string[];
}

/** Who receives whose events: the subscriptions `npm start` sets up (tools/scripts/lcm-parts.mjs). */
const SUBSCRIBERS: Record<ServiceName, readonly ServiceName[]> = {
  'worker-manager': ['lab-manager', 'session-manager'],
  'lab-manager': ['session-manager'],
  'session-manager': ['worker-manager', 'lab-manager'],
};

const DEFINITIONS: Record<ServiceName, ServiceDefinition<CommonSettings>> = {
  'worker-manager': workerManagerService as unknown as ServiceDefinition<CommonSettings>,
  'lab-manager': labManagerService as unknown as ServiceDefinition<CommonSettings>,
  'session-manager': sessionManagerService as unknown as ServiceDefinition<CommonSettings>,
};

/**
 * LCM with two replicas of every service in this process, as two pods per Deployment would run: each
 * pair shares one MongoDB database (a mingo stand-in all MongoRepository instances of the pair read and
 * write) and one Redis key prefix (queues, job schedulers, de-duplication), and sits behind a round-robin
 * proxy that subscribers and clients use, so every delivery and request may land on either pod. Every
 * service trusts one dev issuer (one key file), and the cloud is the EC2 simulator with one CML simulator
 * per running instance.
 */
export class ReplicatedLcm {
  readonly spy = new EventSpy();
  readonly services = new Map<ServiceName, ReplicatedService>();
  /** Every CML simulator started, by EC2 instance id (kept after the instance stops, to count its labs). */
  readonly cml = new Map<string, CmlSimulator>();
  ec2!: Ec2Simulator;
  issuer!: DevIssuer;
  private dir?: string;
  private readonly runId = randomUUID().slice(0, 8);
  private readonly env = new Map<ServiceName, Record<string, string>>();
  private readonly logLevels: Partial<Record<ServiceName, string>> = {};
  private connection?: Redis;

  /**
   * Starts the cloud, then both replicas of every service at the same time, as a fresh install would.
   * `env` reaches every service (e.g. the token endpoint once deliveries carry service tokens); the
   * proxies pass every header through, Authorization included. `logLevels` lowers a service's log level
   * below `warn` (its `log` then holds those lines too), for tests that read what it did. Resolves once
   * session-manager knows lab-manager's seeded definition, so users can ask for sessions at once.
   */
  async start(
    env: Record<string, string> = {},
    logLevels: Partial<Record<ServiceName, string>> = {},
  ): Promise<void> {
    Object.assign(this.logLevels, logLevels);
    this.dir = await mkdtemp(join(tmpdir(), 'lcm-replicas-'));
    const keyFile = join(this.dir, 'dev-issuer.json');
    this.issuer = await DevIssuer.create();
    await this.issuer.save(keyFile);
    const templatesFile = join(this.dir, 'worker-templates.yaml');
    await writeFile(templatesFile, onePoolTemplates('two-replica test'));
    const sink = await this.spy.start();
    this.ec2 = await startEc2Simulator({
      durations: { pendingMs: 200, stoppingMs: 200, shuttingDownMs: 200 },
      onInstanceRunning: async (instance) => {
        const simulator = await startCmlSimulator({
          bootDelayMs: 200,
          nodeBootDelayMs: 200,
          licenseRegistrationDelayMs: 0,
        });
        this.cml.set(instance.instanceId, simulator);
        return { endpoint: simulator.url };
      },
    });

    const names = Object.keys(SUBSCRIBERS) as ServiceName[];
    for (const name of names) {
      const proxy = new RoundRobinProxy();
      await proxy.start();
      this.services.set(name, {
        name,
        prefix: `replicas-${this.runId}-${name}`,
        db: mingoDb(name),
        proxy,
        replicas: [],
        saved: [],
        log: [],
      });
    }
    const common = {
      REDIS_URL,
      PORT: '0',
      // Every service and the test trust one issuer: a token minted anywhere is valid on every replica.
      AUTH_DEV_KEY_FILE: keyFile,
      K_SINK: sink,
      OUTBOX_POLL_MS: '100',
      EVENT_DELIVERY_BACKOFF_MS: '100',
      ...env,
    };
    const own: Record<ServiceName, Record<string, string>> = {
      'worker-manager': {
        AWS_ENDPOINT_URL_EC2: this.ec2.url,
        AWS_REGION: 'us-east-1',
        EC2_SIMULATOR: 'true',
        WORKER_TEMPLATES_FILE: templatesFile,
        RECONCILE_INTERVAL_SECONDS: '1',
        CML_TIMEOUT_MS: '3000',
      },
      'lab-manager': {
        LABLET_SEED_FILE: join(root, 'apps/lab-manager/config/sample-lablet.yaml'),
        // One Secret for both pods: a password sealed by one must open on the other.
        LAB_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
        LABS_SYNC_INTERVAL_SECONDS: '1',
        LAB_CONVERGE_POLL_MS: '100',
        LAB_OPERATION_BACKOFF_MS: '100',
        CML_TIMEOUT_MS: '3000',
      },
      'session-manager': {
        PLACEMENT_INTERVAL_SECONDS: '1',
        TIMER_INTERVAL_SECONDS: '0.5',
        LAB_MANAGER_URL: this.url('lab-manager'),
      },
    };
    for (const name of names) {
      this.env.set(name, {
        ...common,
        EVENT_SUBSCRIBERS: SUBSCRIBERS[name].map((to) => `${this.url(to)}/events`).join(','),
        ...own[name],
        REDIS_PREFIX: this.service(name).prefix,
      });
    }
    await Promise.all(names.map((name) => this.startPair(name)));
    // Ready for users once session-manager has heard of lab-manager's seeded definition.
    const definitions = this.service('session-manager').db.collection('lablet_definitions');
    await eventually(
      async () => (await definitions.findOne({ name: 'two-router-basics' })) !== null,
      60_000,
      'session-manager knows the seeded definition',
    );
  }

  /**
   * A rolling update of one service: a new replica starts (with its start-up sweep) beside the serving
   * ones, takes the oldest one's place behind the proxy, and the oldest one shuts down gracefully.
   */
  async roll(name: ServiceName): Promise<void> {
    const service = this.service(name);
    const [oldest, ...rest] = service.replicas.filter((replica) => !replica.stopped);
    if (!oldest) throw new Error(`${name} has no replica to roll`);
    const fresh = await this.startReplica(name, `r${service.replicas.length + 1}`);
    service.replicas.push(fresh);
    service.proxy.route([...rest, fresh].map((replica) => replica.url));
    await oldest.service.close();
    oldest.stopped = true;
  }

  /**
   * Events a service saved that are not yet delivered to every subscriber: still in an outbox (any
   * collection it registers) or in its delivery queue (waiting, running or waiting to be retried).
   */
  async undelivered(name: ServiceName): Promise<number> {
    const { db, prefix } = this.service(name);
    let pending = 0;
    for (const { collection } of DEFINITIONS[name].repositories ?? []) {
      pending += await db.collection(collection).countDocuments({ '_outbox.id': { $exists: true } });
    }
    const queue = new Queue(`${name}-events`, { connection: this.redis(), prefix });
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return pending + Object.values(counts).reduce((sum, n) => sum + n, 0);
    } finally {
      await queue.close();
    }
  }

  /** The base URL clients and subscribers use for a service (its proxy, never one replica). */
  url(name: ServiceName): string {
    return this.service(name).proxy.url;
  }

  service(name: ServiceName): ReplicatedService {
    const service = this.services.get(name);
    if (!service) throw new Error(`${name} is not started`);
    return service;
  }

  /** A bearer token from the issuer every service trusts. */
  async token(sub: string, roles: readonly string[]): Promise<string> {
    return `Bearer ${await this.issuer.mint({ sub, roles })}`;
  }

  /** The warnings and errors of every replica, for failure messages. */
  logs(lines = 40): string {
    return [...this.services.values()]
      .flatMap((service) => service.log)
      .slice(-lines)
      .join('\n');
  }

  /** Stops every replica of a service (and waits for their running jobs), leaving its Redis keys. */
  async stopService(name: ServiceName): Promise<void> {
    const running = this.service(name).replicas.filter((replica) => !replica.stopped);
    await Promise.all(running.map((replica) => replica.service.close()));
    for (const replica of running) replica.stopped = true;
  }

  /**
   * Crashes every replica of a service: connections cut with requests in flight, no stop hooks, running
   * jobs and deliveries left active in Redis (another instance takes them over once their locks expire).
   * The database outlives the crash, as MongoDB outlives a pod.
   */
  async crash(name: ServiceName): Promise<void> {
    const running = this.service(name).replicas.filter((replica) => !replica.stopped);
    await Promise.all(running.map((replica) => replica.service.crash()));
    for (const replica of running) replica.stopped = true;
  }

  /**
   * Starts a fresh pair of a stopped service on the same database and Redis keys, as pods rescheduled
   * after an outage would, and routes its proxy to them.
   */
  async startService(name: ServiceName): Promise<void> {
    if (this.service(name).replicas.some((replica) => !replica.stopped)) {
      throw new Error(`${name} is still running`);
    }
    await this.startPair(name);
  }

  /** Stops everything and deletes every Redis key and file the system wrote. */
  async close(): Promise<void> {
    for (const service of this.services.values()) {
      await this.stopService(service.name);
      await service.proxy.close();
      await deleteRedisKeys(REDIS_URL, service.prefix);
    }
    await this.connection?.quit();
    for (const simulator of this.cml.values()) await simulator.close();
    await this.ec2?.close();
    await this.spy.close();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  /** The test's own Redis connection (queue inspection), separate from the services'. */
  redis(): Redis {
    this.connection ??= new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    return this.connection;
  }

  private async startPair(name: ServiceName): Promise<void> {
    const service = this.service(name);
    const names =
      service.replicas.length === 0 ? ['a', 'b'] : ['a', 'b'].map((r) => `${r}${service.replicas.length}`);
    const started = await Promise.all(names.map((replica) => this.startReplica(name, replica)));
    service.replicas.push(...started);
    service.proxy.route(started.map((replica) => replica.url));
  }

  private async startReplica(name: ServiceName, replica: string): Promise<Replica> {
    const service = this.service(name);
    const built = await buildService(DEFINITIONS[name], {
      env: this.env.get(name),
      database: service.db,
      logger: createLogger(name, {
        level: this.logLevels[name] ?? process.env['TEST_LOG_LEVEL'] ?? 'warn',
        destination: { write: (line: string) => void service.log.push(line.trimEnd()) },
      }).child({ replica }),
      onEventsSaved: (entries) => service.saved.push(...entries),
    });
    const { port } = await built.start();
    return { name: `${name}-${replica}`, url: `http://127.0.0.1:${port}`, service: built, stopped: false };
  }
}

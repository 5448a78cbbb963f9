import { Container } from 'inversify';
import { Redis } from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { DevIssuer } from '../auth/dev-issuer';
import { JwtAuthenticator } from '../auth/jwt-authenticator';
import type { Authenticator } from '../auth/authenticator';
import { CLOCK, type Clock, systemClock } from '../core/clock';
import { LOGGER, createLogger } from '../core/logger';
import { connectMongo } from '../data/connect-mongo';
import { InMemoryRepository } from '../data/in-memory.repository';
import { MongoHealthCheck } from '../data/mongo-health-check';
import { MongoRepository } from '../data/mongo.repository';
import type { DomainEventPublisher, OutboxEntry, OutboxStore } from '../data/outbox';
import { DOMAIN_EVENT_PUBLISHER } from '../data/outbox';
import type { DomainEvent } from '../domain/domain-event';
import { EventDeliveryWorker } from '../events/event-delivery.worker';
import { createEventIngestionRouter } from '../events/event-ingestion.router';
import { OutboxDomainEventPublisher } from '../events/outbox-domain-event-publisher';
import { OutboxRelay } from '../events/outbox-relay';
import { createHttpApp } from '../hosting/create-http-app';
import { HttpServerHost } from '../hosting/http-server-host';
import { JobHost } from '../jobs/job-host';
import { LoggingBehavior } from '../mediator/logging.behavior';
import { MEDIATOR, Mediator } from '../mediator/mediator';
import { ValidationBehavior } from '../mediator/validation.behavior';
import type { HealthCheck } from '../ops/health-check';
import { METRICS, Metrics } from '../ops/metrics';
import { MetricsBehavior } from '../ops/metrics.behavior';
import { RedisHealthCheck } from '../ops/redis-health-check';
import { loadSettings } from '../settings/load-settings';
import type { CommonSettings } from './common-settings';
import type { RepositoryRegistration, ServiceContext, ServiceDefinition } from './service-definition';
import { SETTINGS } from './service-settings';

/** How `buildService` may differ from production: the test harness uses these. */
export interface BuildServiceOptions {
  /** The environment to read settings from. Default `process.env`. */
  readonly env?: Record<string, string | undefined>;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Trust this issuer instead of the one AUTH_DEV_KEY_FILE names (tests mint their own tokens). */
  readonly devIssuer?: DevIssuer;
  /**
   * Keep aggregates in this MongoDB database instead of MONGODB_URI's (or memory). Tests give the replicas
   * of one service the same database object, as pods share one MongoDB; the caller owns and closes it.
   */
  readonly database?: Db;
  /** Told of every event saved, after the framework's own publisher (tests record them). */
  readonly onEventsSaved?: (entries: readonly OutboxEntry[]) => void;
  /** Last word on the container, after the service's own `configure` (tests swap adapters for fakes). */
  readonly configure?: (context: ServiceContext<CommonSettings>) => void | Promise<void>;
}

/** A service built from its definition, not yet listening. */
export interface BuiltService<TSettings extends CommonSettings> {
  readonly context: ServiceContext<TSettings>;
  readonly app: Express;
  /** Listens on `PORT` and starts the relay, delivery worker and jobs; then runs `onStarted`. */
  start(): Promise<AddressInfo>;
  /** Stops everything in reverse order and closes the connections; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds a service from its definition: settings, logger, metrics, container, mediator with its
 * behaviors, repositories (MongoDB when MONGODB_URI is set, else in memory), the outbox relay and event
 * delivery, the event ingestion endpoint, jobs, authentication and the HTTP app. Production
 * (`runService`) and tests (`startTestService`) go through here, so tests run what is deployed.
 */
export async function buildService<TSettings extends CommonSettings>(
  definition: ServiceDefinition<TSettings>,
  options: BuildServiceOptions = {},
): Promise<BuiltService<TSettings>> {
  const settings = loadSettings(definition.settings, options.env ?? process.env);
  const logger = options.logger ?? createLogger(definition.name, { level: settings.LOG_LEVEL });
  const clock = options.clock ?? systemClock;
  const metrics = new Metrics({ service: definition.name, defaultMetrics: !options.logger });
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  const redis = new Redis(settings.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true });
  await redis.connect();
  const closers: Array<() => Promise<unknown>> = [() => redis.quit()];

  try {
    const mediator = new Mediator(
      (handler) => container.get(handler, { autobind: true }),
      [new LoggingBehavior(logger), new MetricsBehavior(metrics), new ValidationBehavior()],
      logger,
    );
    const relay = new OutboxRelay({
      service: definition.name,
      connection: redis,
      prefix: settings.REDIS_PREFIX,
      intervalMs: settings.OUTBOX_POLL_MS,
      attempts: settings.EVENT_DELIVERY_ATTEMPTS,
      backoffMs: settings.EVENT_DELIVERY_BACKOFF_MS,
      metrics,
      logger,
    });
    const publisher = withObserver(
      new OutboxDomainEventPublisher({ mediator, relay, logger }),
      options.onEventsSaved,
    );
    const jobs = new JobHost({
      service: definition.name,
      connection: redis,
      prefix: settings.REDIS_PREFIX,
      mediator,
      metrics,
      logger,
    });

    container.bind(SETTINGS).toConstantValue(settings);
    container.bind(LOGGER).toConstantValue(logger);
    container.bind(CLOCK).toConstantValue(clock);
    container.bind(METRICS).toConstantValue(metrics);
    container.bind(MEDIATOR).toConstantValue(mediator);
    container.bind(DOMAIN_EVENT_PUBLISHER).toConstantValue(publisher);
    container.bind(JobHost).toConstantValue(jobs);

    const healthChecks: HealthCheck[] = [new RedisHealthCheck(redis)];
    const mongo = await openDatabase(settings, options.database, definition.name);
    if (mongo) {
      const client = mongo.client;
      if (client) closers.unshift(() => client.close());
      healthChecks.push(new MongoHealthCheck(mongo.db));
      logger.info({ database: mongo.db.databaseName }, 'storage: MongoDB');
    } else {
      logger.warn('storage: in memory (set MONGODB_URI to keep data across restarts)');
    }
    for (const registration of definition.repositories ?? []) {
      const repository = await createRepository(registration, definition.name, publisher, mongo);
      relay.register(repository);
      container.bind(registration.token).toConstantValue(repository);
    }

    const context: ServiceContext<TSettings> = {
      name: definition.name,
      settings,
      container,
      mediator,
      logger,
      clock,
      metrics,
      jobs,
    };
    await definition.configure?.(context);
    await options.configure?.(context as unknown as ServiceContext<CommonSettings>);
    mediator.register(...definition.handlers);
    await definition.jobs?.(context);

    const { authenticator, devIssuer } = await createAuthentication(settings, options.devIssuer, logger);
    const delivery = new EventDeliveryWorker({
      service: definition.name,
      connection: redis,
      prefix: settings.REDIS_PREFIX,
      subscribers: settings.EVENT_SUBSCRIBERS,
      sink: settings.K_SINK,
      metrics,
      logger,
    });
    const app = createHttpApp({
      logger,
      controllers: definition.controllers,
      resolve: container,
      authenticator,
      metrics,
      healthChecks: [...healthChecks, ...(definition.healthChecks?.(context) ?? [])],
      routers: [
        createEventIngestionRouter({
          service: `${settings.REDIS_PREFIX}:${definition.name}`,
          mediator,
          redis,
          dedupeTtlSeconds: settings.EVENT_DEDUPE_TTL_SECONDS,
          metrics,
          logger,
        }),
        ...(devIssuer ? [devIssuer.router()] : []),
      ],
      docs: { title: definition.title, version: definition.version },
    });
    const host = new HttpServerHost(app, {
      port: settings.PORT,
      logger,
      services: [relay, delivery, jobs],
      drainTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    });

    let closing: Promise<void> | undefined;
    return {
      context,
      app,
      async start() {
        const address = await host.start();
        logger.info(
          { port: address.port, subscribers: settings.EVENT_SUBSCRIBERS.length },
          `${definition.name} listening`,
        );
        await definition.onStarted?.(context);
        return address;
      },
      close() {
        closing ??= (async () => {
          await definition.onStopping?.(context);
          await host.close();
          for (const close of closers) await close().catch(() => undefined);
        })();
        return closing;
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

/** The database given by the caller, else MONGODB_URI's (connected here, closed on shutdown), else none. */
async function openDatabase(
  settings: CommonSettings,
  given: Db | undefined,
  service: string,
): Promise<{ db: Db; client?: MongoClient } | undefined> {
  if (given) return { db: given };
  if (!settings.MONGODB_URI) return undefined;
  return connectMongo(settings.MONGODB_URI, settings.MONGODB_DB ?? service);
}

async function createRepository(
  registration: RepositoryRegistration,
  service: string,
  publisher: DomainEventPublisher,
  mongo: { db: Db } | undefined,
): Promise<OutboxStore> {
  const options = {
    collection: registration.collection,
    source: `/${service}`,
    rehydrate: registration.rehydrate,
    publisher,
  };
  if (!mongo) return new InMemoryRepository(options);
  const repository = new MongoRepository(mongo.db, { ...options, indexes: registration.indexes });
  await repository.ensureIndexes();
  return repository;
}

async function createAuthentication(
  settings: CommonSettings,
  given: DevIssuer | undefined,
  logger: Logger,
): Promise<{ authenticator: Authenticator; devIssuer?: DevIssuer }> {
  if (settings.AUTH_JWKS_URL) {
    return {
      authenticator: new JwtAuthenticator({
        jwks: settings.AUTH_JWKS_URL,
        issuer: settings.AUTH_ISSUER,
        audience: settings.AUTH_AUDIENCE,
        rolesClaim: settings.AUTH_ROLES_CLAIM,
      }),
    };
  }
  const devIssuer =
    given ??
    (await DevIssuer.loadOrCreate(settings.AUTH_DEV_KEY_FILE, { rolesClaim: settings.AUTH_ROLES_CLAIM }));
  logger.warn('auth: trusting the built-in dev issuer (set AUTH_JWKS_URL for a real OIDC issuer)');
  return { authenticator: devIssuer.authenticator(), devIssuer };
}

function withObserver(
  publisher: DomainEventPublisher,
  observe: BuildServiceOptions['onEventsSaved'],
): DomainEventPublisher {
  if (!observe) return publisher;
  return {
    async saved(events: readonly DomainEvent[], entries: readonly OutboxEntry[]) {
      observe(entries);
      await publisher.saved(events, entries);
    },
  };
}

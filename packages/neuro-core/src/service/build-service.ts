import { Container } from 'inversify';
import { Redis } from 'ioredis';
import type { Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { ClientCredentialsTokenProvider } from '../auth/client-credentials.token-provider';
import { DevIssuer } from '../auth/dev-issuer';
import { DEV_TOKEN_PATH } from '../auth/dev-token-endpoint';
import { JwtAuthenticator } from '../auth/jwt-authenticator';
import type { Authenticator } from '../auth/authenticator';
import { SERVICE_TOKENS, type ServiceTokens } from '../auth/service-tokens';
import { TokenFile } from '../auth/token-file';
import { CLOCK, type Clock, systemClock } from '../core/clock';
import { FrameworkError } from '../core/framework-error';
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
import { EventRelays } from '../events/event-relays';
import { EventStream } from '../events/event-stream';
import { EventStreamHub } from '../events/event-stream-hub';
import { createEventStreamRouter } from '../events/event-stream.router';
import { OutboxDomainEventPublisher } from '../events/outbox-domain-event-publisher';
import { OutboxRelay } from '../events/outbox-relay';
import { ProducerAllowList } from '../events/producer-allow-list';
import { createHttpApp } from '../hosting/create-http-app';
import { HttpServerHost } from '../hosting/http-server-host';
import { JobHost } from '../jobs/job-host';
import { LoggingBehavior } from '../mediator/logging.behavior';
import { MEDIATOR, Mediator } from '../mediator/mediator';
import { ValidationBehavior } from '../mediator/validation.behavior';
import type { HealthCheck } from '../ops/health-check';
import { METRICS, Metrics } from '../ops/metrics';
import { MetricsBehavior } from '../ops/metrics.behavior';
import { RedisGateBehavior } from '../ops/redis-gate.behavior';
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
  /**
   * Stops as a crashed process would, for tests that crash a service and start a fresh one on the same
   * database and Redis: connections cut, no stop hooks, running jobs and deliveries left active in Redis.
   */
  crash(): Promise<void>;
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
  const producers = new ProducerAllowList(definition.eventProducers, settings.EVENT_PRODUCER_CLIENTS);
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
      [
        new LoggingBehavior(logger),
        new MetricsBehavior(metrics),
        new ValidationBehavior(),
        new RedisGateBehavior(redis),
      ],
      logger,
    );
    const stream = new EventStream({
      service: definition.name,
      connection: redis,
      prefix: settings.REDIS_PREFIX,
    });
    const streamHub = new EventStreamHub({ stream, connection: redis, logger });
    const relay = new OutboxRelay({
      stream,
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

    const { authenticator, eventsAuthenticator, devIssuer } = await createAuthentication(
      settings,
      options.devIssuer,
      logger,
    );
    // The embedded token endpoint is this service's own, on a port known once it listens.
    let listeningOn = (): AddressInfo | undefined => undefined;
    const tokens = createServiceTokens(definition.name, settings, devIssuer, () => listeningOn(), logger);
    container.bind(SERVICE_TOKENS).toConstantValue(tokens);

    const healthChecks: HealthCheck[] = [new RedisHealthCheck(redis), jobs.healthCheck];
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

    const delivery = new EventDeliveryWorker({
      service: definition.name,
      connection: redis,
      prefix: settings.REDIS_PREFIX,
      subscribers: settings.EVENT_SUBSCRIBERS,
      sink: settings.K_SINK,
      tokens,
      sinkTokens: await sinkTokensOf(settings),
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
      inFlightLimits: { requests: settings.MAX_IN_FLIGHT_REQUESTS, events: settings.MAX_IN_FLIGHT_EVENTS },
      routers: [
        createEventIngestionRouter({
          service: `${settings.REDIS_PREFIX}:${definition.name}`,
          mediator,
          authenticator: eventsAuthenticator,
          producers,
          relays: createEventRelays(settings, logger),
          clientIdClaim: settings.AUTH_CLIENT_ID_CLAIM,
          redis,
          dedupeTtlSeconds: settings.EVENT_DEDUPE_TTL_SECONDS,
          metrics,
          logger,
        }),
        createEventStreamRouter({
          stream,
          hub: streamHub,
          authenticator,
          visibleTo: definition.eventVisibility,
          logger,
        }),
        ...(devIssuer ? [devIssuer.router()] : []),
      ],
      docs: { title: definition.title, version: definition.version },
    });
    const host = new HttpServerHost(app, {
      port: settings.PORT,
      logger,
      services: [relay, delivery, jobs, streamHub],
      drainTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    });
    listeningOn = () => host.address;

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
          // Open event streams never end by themselves: end them first, or the drain waits them out.
          await streamHub.stop();
          await host.close();
          for (const close of closers) await close().catch(() => undefined);
        })();
        return closing;
      },
      crash() {
        closing ??= (async () => {
          await host.crash();
          redis.disconnect();
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

/**
 * The REST API's authenticator, and the one of `POST /events`: the same, unless AUTH_EVENTS_AUDIENCE
 * names the audience event deliveries are bound to (Knative's OIDC tokens), accepted there instead of
 * AUTH_AUDIENCE and only there.
 */
async function createAuthentication(
  settings: CommonSettings,
  given: DevIssuer | undefined,
  logger: Logger,
): Promise<{ authenticator: Authenticator; eventsAuthenticator: Authenticator; devIssuer?: DevIssuer }> {
  const eventsAudience = settings.AUTH_EVENTS_AUDIENCE;
  if (settings.AUTH_JWKS_URL) {
    const verifier = (audience: string | undefined) =>
      new JwtAuthenticator({
        jwks: settings.AUTH_JWKS_URL as string,
        issuer: settings.AUTH_ISSUER,
        audience,
        rolesClaim: settings.AUTH_ROLES_CLAIM,
      });
    const authenticator = verifier(settings.AUTH_AUDIENCE);
    return { authenticator, eventsAuthenticator: eventsAudience ? verifier(eventsAudience) : authenticator };
  }
  const devIssuer =
    given ??
    (await DevIssuer.loadOrCreate(settings.AUTH_DEV_KEY_FILE, { rolesClaim: settings.AUTH_ROLES_CLAIM }));
  logger.warn('auth: trusting the built-in dev issuer (set AUTH_JWKS_URL for a real OIDC issuer)');
  const authenticator = devIssuer.authenticator();
  const eventsAuthenticator = eventsAudience
    ? new JwtAuthenticator({
        jwks: devIssuer.jwks(),
        issuer: devIssuer.issuer,
        audience: eventsAudience,
        rolesClaim: settings.AUTH_ROLES_CLAIM,
      })
    : authenticator;
  return { authenticator, eventsAuthenticator, devIssuer };
}

/**
 * The trusted relays of `POST /events` (a Knative Broker's Triggers), when AUTH_EVENTS_RELAY_JWKS_URL is
 * set; the settings schema guarantees their issuer, subjects and audience beside it.
 */
function createEventRelays(settings: CommonSettings, logger: Logger): EventRelays | undefined {
  const { AUTH_EVENTS_RELAY_JWKS_URL, AUTH_EVENTS_RELAY_ISSUER, EVENT_RELAY_SUBJECTS } = settings;
  if (!AUTH_EVENTS_RELAY_JWKS_URL) return undefined;
  logger.info(
    { issuer: AUTH_EVENTS_RELAY_ISSUER, subjects: EVENT_RELAY_SUBJECTS },
    'events: trusting relays for every event type of the catalog',
  );
  return new EventRelays({
    jwks: AUTH_EVENTS_RELAY_JWKS_URL,
    issuer: AUTH_EVENTS_RELAY_ISSUER as string,
    audience: settings.AUTH_EVENTS_AUDIENCE as string,
    subjects: EVENT_RELAY_SUBJECTS,
  });
}

/** The token file sent to K_SINK, read once now so a missing mount stops start-up, not every delivery. */
async function sinkTokensOf(settings: CommonSettings): Promise<ServiceTokens | undefined> {
  if (!settings.K_SINK_TOKEN_FILE) return undefined;
  const file = new TokenFile(settings.K_SINK_TOKEN_FILE);
  try {
    await file.authorization();
  } catch (error) {
    throw new FrameworkError(
      'invalidSettings',
      `invalid setting K_SINK_TOKEN_FILE: ${(error as Error).message}`,
    );
  }
  return file;
}

/**
 * This service's tokens for its outgoing calls: from AUTH_TOKEN_URL as AUTH_CLIENT_ID, or with the embedded
 * dev issuer from that issuer's token endpoint on this service's own port, as client `<service name>`. Both
 * go over HTTP through the same client, so embedded mode and tests run the production code path.
 */
function createServiceTokens(
  service: string,
  settings: CommonSettings,
  devIssuer: DevIssuer | undefined,
  listening: () => AddressInfo | undefined,
  logger: Logger,
): ServiceTokens {
  const { AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, AUTH_TOKEN_SCOPE } = settings;
  if (AUTH_TOKEN_URL && AUTH_CLIENT_ID && AUTH_CLIENT_SECRET) {
    return new ClientCredentialsTokenProvider({
      tokenUrl: AUTH_TOKEN_URL,
      clientId: AUTH_CLIENT_ID,
      clientSecret: AUTH_CLIENT_SECRET,
      scope: AUTH_TOKEN_SCOPE,
      logger,
    });
  }
  // The settings schema demands the client credentials beside a real issuer, so a dev issuer is here.
  const issuer = devIssuer as DevIssuer;
  return new ClientCredentialsTokenProvider({
    tokenUrl: () => {
      const address = listening();
      if (!address) throw new Error('the embedded token endpoint is not listening yet');
      return `http://127.0.0.1:${address.port}${DEV_TOKEN_PATH}`;
    },
    clientId: service,
    clientSecret: issuer.clientSecret(service),
    logger,
  });
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

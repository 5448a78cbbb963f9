import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DevIssuer } from '../auth/dev-issuer';
import type { Clock } from '../core/clock';
import { createLogger } from '../core/logger';
import type { OutboxEntry } from '../data/outbox';
import { ProducerAllowList } from '../events/producer-allow-list';
import { buildService } from '../service/build-service';
import type { CommonSettings } from '../service/common-settings';
import type { ServiceContext, ServiceDefinition } from '../service/service-definition';
import { deleteRedisKeys } from './delete-redis-keys';
import { DevTokenSigner } from './dev-token-signer';

/** A CloudEvent a test sends to the service's `POST /events`. */
export interface TestCloudEvent {
  readonly type: string;
  readonly data: unknown;
  readonly subject?: string;
  /** Default `/test`. */
  readonly source?: string;
  /** Default a new uuid; send the same id twice to test de-duplication. */
  readonly id?: string;
}

/** How `receive` authenticates its delivery. */
export interface ReceiveOptions {
  /**
   * The `Authorization` header to send (e.g. `svc.token('admin')` or `svc.serviceToken('lab-manager')`),
   * or `null` to send none. Default: a service token of the client the event's producer sends as.
   */
  readonly authorization?: string | null;
}

/** A service running for a test, and what the test needs to drive and observe it. */
export interface TestService<TSettings extends CommonSettings> {
  readonly url: string;
  /** supertest against the running server. */
  readonly http: TestAgent;
  readonly context: ServiceContext<TSettings>;
  readonly mediator: ServiceContext<TSettings>['mediator'];
  readonly container: ServiceContext<TSettings>['container'];
  readonly clock: Clock;
  /** `Bearer …` for a subject (default `user-1`) with these roles, from the dev issuer the service trusts. */
  token(roles: string | readonly string[], sub?: string): string;
  /**
   * `Bearer …` for another service: the `service` role and the OAuth client id `client` in the claim the
   * service reads (AUTH_CLIENT_ID_CLAIM, default `azp`), from the dev issuer the service trusts.
   * `claims` are added last (e.g. another `aud`).
   */
  serviceToken(client: string, claims?: Record<string, unknown>): string;
  /** CloudEvents the service saved (its outbox entries), oldest first, optionally of one type. */
  publishedEvents(type?: string): OutboxEntry[];
  /**
   * POSTs a CloudEvent in binary mode to the service's `/events`, as another service would: by default
   * with a service token of the client its catalog producer sends as (see `ReceiveOptions`).
   */
  receive(event: TestCloudEvent, options?: ReceiveOptions): supertest.Test;
  /** Stops the service and deletes every Redis key it wrote. */
  close(): Promise<void>;
}

/** How a test wants the service to differ. */
export interface TestServiceOptions<TSettings extends CommonSettings> {
  /** Extra environment (defaults: PORT 0, a unique REDIS_PREFIX, LOG_LEVEL silent or $TEST_LOG_LEVEL). */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** A MongoDB database (e.g. one `mingoDb()`) to keep aggregates in; give replicas of a service the same one. */
  readonly database?: Db;
  /** Runs after the service's own `configure`: rebind adapters to fakes here. */
  readonly configure?: (context: ServiceContext<TSettings>) => void | Promise<void>;
}

/**
 * One dev issuer for all the services a test file starts, as `npm start` shares one key file: each
 * service gets its own tokens from it by client credentials, and the others accept them.
 */
let sharedIssuer: Promise<{ issuer: DevIssuer; signer: DevTokenSigner }> | undefined;

/**
 * Starts a service from its definition the way production does (same container, pipeline, HTTP app,
 * outbox relay, jobs), on an ephemeral port, with in-memory repositories (or the given database), the real
 * Redis under a key prefix of its own (or REDIS_PREFIX from `env`), and the test file's dev issuer for tokens.
 */
export async function startTestService<TSettings extends CommonSettings>(
  definition: ServiceDefinition<TSettings>,
  options: TestServiceOptions<TSettings> = {},
): Promise<TestService<TSettings>> {
  const prefix = `test-${definition.name}-${randomUUID().slice(0, 8)}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    MONGODB_URI: undefined,
    AUTH_JWKS_URL: undefined,
    PORT: '0',
    REDIS_PREFIX: prefix,
    OUTBOX_POLL_MS: '200',
    ...options.env,
  };
  sharedIssuer ??= DevIssuer.create().then(async (issuer) => ({
    issuer,
    signer: await DevTokenSigner.of(issuer),
  }));
  const { issuer: devIssuer, signer } = await sharedIssuer;
  const saved: OutboxEntry[] = [];
  const service = await buildService(definition, {
    env,
    clock: options.clock,
    database: options.database,
    devIssuer,
    logger: createLogger(definition.name, { level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    onEventsSaved: (entries) => saved.push(...entries),
    configure: options.configure as (context: ServiceContext<CommonSettings>) => void,
  });
  const { port } = await service.start();
  const url = `http://127.0.0.1:${port}`;
  const http = supertest.agent(url);
  const { settings } = service.context;
  const producers = new ProducerAllowList(definition.eventProducers, settings.EVENT_PRODUCER_CLIENTS);
  const serviceToken = (client: string, claims: Record<string, unknown> = {}) =>
    signer.bearer('service', `service-account-${client}`, {
      [settings.AUTH_CLIENT_ID_CLAIM]: client,
      ...claims,
    });
  // The producer's client, or (for a type outside the catalog or an unmapped outside producer) a client
  // the service refuses, as it would refuse the real sender.
  const producerToken = (type: string) => {
    const producer = producers.producerOf(type);
    if (producer === undefined) return serviceToken('unknown-producer');
    return serviceToken(producers.clientOf(producer) ?? producer);
  };

  return {
    url,
    http,
    context: service.context,
    mediator: service.context.mediator,
    container: service.context.container,
    clock: service.context.clock,
    token: (roles, sub) => signer.bearer(roles, sub),
    serviceToken,
    publishedEvents: (type) => saved.filter((entry) => type === undefined || entry.type === type),
    receive: (event, { authorization = producerToken(event.type) } = {}) =>
      http
        .post('/events')
        .set({
          'ce-specversion': '1.0',
          'ce-id': event.id ?? randomUUID(),
          'ce-source': event.source ?? '/test',
          'ce-type': event.type,
          ...(event.subject ? { 'ce-subject': event.subject } : {}),
          ...(authorization === null ? {} : { authorization }),
          'content-type': 'application/json',
        })
        .send(JSON.stringify(event.data)),
    close: async () => {
      await service.close();
      await deleteRedisKeys(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix);
    },
  };
}

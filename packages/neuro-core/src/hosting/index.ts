// `@lcm/neuro-core/hosting`: what composition and wiring use, beside `@lcm/neuro-core`: the service
// definition and its runner, repositories, the outbox relay and event delivery, the CloudEvents endpoint,
// jobs, the HTTP host, authentication, health and metrics. Application code does not need it.
import 'reflect-metadata';

// service composition
export type { BuildServiceOptions, BuiltService } from '../service/build-service';
export { buildService } from '../service/build-service';
export { runService } from '../service/run-service';
export type {
  RepositoryRegistration,
  ServiceContext,
  ServiceDefinition,
} from '../service/service-definition';

// logging and the mediator pipeline
export { createLogger } from '../core/logger';
export { LoggingBehavior } from '../mediator/logging.behavior';
export type { HandlerResolver } from '../mediator/mediator';
export type { NextStep, PipelineBehavior } from '../mediator/pipeline-behavior';
export { ValidationBehavior } from '../mediator/validation.behavior';

// repositories and the outbox
export type { RepositoryOptions } from '../data/aggregate-document';
export { connectMongo } from '../data/connect-mongo';
export { InMemoryRepository } from '../data/in-memory.repository';
export { MongoHealthCheck } from '../data/mongo-health-check';
export { MongoRepository } from '../data/mongo.repository';
export type { DomainEventPublisher, OutboxEntry, OutboxStore } from '../data/outbox';
export { DOMAIN_EVENT_PUBLISHER } from '../data/outbox';

// CloudEvents out (relay, delivery) and in (the endpoint)
export type { EventDeliveryWorkerOptions } from '../events/event-delivery.worker';
export { EventDeliveryWorker } from '../events/event-delivery.worker';
export type { EventIngestionOptions } from '../events/event-ingestion.router';
export { createEventIngestionRouter } from '../events/event-ingestion.router';
export type { EventProducers } from '../events/event-producers';
export type { EventRelaysOptions } from '../events/event-relays';
export { EventRelays } from '../events/event-relays';
export type { ProducerCheck } from '../events/producer-allow-list';
export { ProducerAllowList } from '../events/producer-allow-list';
export type { EventStreamOptions, StreamedEvent } from '../events/event-stream';
export { EventStream } from '../events/event-stream';
export { EventStreamHub } from '../events/event-stream-hub';
export type { EventVisibility } from '../events/event-visibility';
export type { EventStreamRouterOptions } from '../events/event-stream.router';
export { EVENT_STREAM_PATH, createEventStreamRouter } from '../events/event-stream.router';
export type { OutboxDomainEventPublisherOptions } from '../events/outbox-domain-event-publisher';
export { OutboxDomainEventPublisher } from '../events/outbox-domain-event-publisher';
export type { OutboxRelayOptions } from '../events/outbox-relay';
export { OutboxRelay } from '../events/outbox-relay';

// jobs
export type {
  EnqueueOptions,
  JobHostOptions,
  JobOptions,
  JobRequestBuilder,
  JobSchedule,
  ScheduleOptions,
} from '../jobs/job-host';
export { JobHost } from '../jobs/job-host';

// HTTP host and authentication
export type { AuthenticatedUser } from '../auth/authenticated-user';
export type { Authenticator } from '../auth/authenticator';
export type { ClientCredentialsOptions } from '../auth/client-credentials.token-provider';
export { ClientCredentialsTokenProvider } from '../auth/client-credentials.token-provider';
export type { DevIssuerOptions, DevTokenRequest } from '../auth/dev-issuer';
export type { DevTokenEndpointOptions } from '../auth/dev-token-endpoint';
export { DevIssuer } from '../auth/dev-issuer';
export type { JwtAuthenticatorOptions } from '../auth/jwt-authenticator';
export { JwtAuthenticator } from '../auth/jwt-authenticator';
export { TokenFile } from '../auth/token-file';
export type { ControllerClass } from './controller-router';
export type { HttpAppOptions } from './create-http-app';
export { createHttpApp } from './create-http-app';
export type { HostedService } from './hosted-service';
export type { HttpServerHostOptions, SignalOptions } from './http-server-host';
export { HttpServerHost } from './http-server-host';
export type { InFlightLimits } from './in-flight-limits';
export type { RouteOptions } from './route-options';

// health, metrics, API docs
export type { HealthCheck, HealthStatus } from '../ops/health-check';
export type { HealthRouterOptions } from '../ops/health.router';
export { createHealthRouter } from '../ops/health.router';
export { METRICS, Metrics } from '../ops/metrics';
export { type GaugeSample, registerDomainGauge } from '../ops/domain-gauge';
export { MetricsBehavior } from '../ops/metrics.behavior';
export { RedisGateBehavior } from '../ops/redis-gate.behavior';
export type { OpenApiInfo } from '../ops/openapi-document';
export { createOpenApiDocument } from '../ops/openapi-document';
export { RedisHealthCheck } from '../ops/redis-health-check';
export type { StopTracing } from '../ops/start-tracing';
export { startTracing } from '../ops/start-tracing';

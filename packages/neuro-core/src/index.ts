import 'reflect-metadata';

// core
export type { Clock } from './core/clock';
export { CLOCK, ManualClock, systemClock } from './core/clock';
export type { FrameworkErrorKind } from './core/framework-error';
export { FrameworkError } from './core/framework-error';
export type { Logger } from './core/logger';
export { LOGGER, REDACTED_PATHS, createLogger } from './core/logger';
export type { Failure, Success } from './core/operation-result';
export { OperationResult } from './core/operation-result';
export type { FieldError, ProblemDetails } from './core/problem-details';
export { PROBLEM_CONTENT_TYPE, problem } from './core/problem-details';

// mediator
export type { AnyClass, Constructor, HandlerTarget } from './mediator/handler-registration';
export {
  commandHandler,
  domainEventHandler,
  handlerTargetOf,
  integrationEventHandler,
  queryHandler,
} from './mediator/handler-registration';
export type {
  IntegrationEvent,
  IntegrationEventHandler,
  NotificationHandler,
} from './mediator/integration-event';
export { LoggingBehavior } from './mediator/logging.behavior';
export type { HandlerResolver } from './mediator/mediator';
export { MEDIATOR, Mediator } from './mediator/mediator';
export type { NextStep, PipelineBehavior } from './mediator/pipeline-behavior';
export type { RequestClass, ResultOf, ValidatedRequestClass } from './mediator/request';
export { Command, Query, Request } from './mediator/request';
export { CommandHandler, QueryHandler, RequestHandler } from './mediator/request-handler';
export { ValidationBehavior, fieldErrorsOf } from './mediator/validation.behavior';

// domain
export { AggregateRoot } from './domain/aggregate-root';
export { cloudEventTypeOf, cloudevent, registeredCloudEventTypes } from './domain/cloudevent.decorator';
export { DomainEvent } from './domain/domain-event';
export { DomainResult } from './domain/domain-result';

// data
export type { AggregateDocument, RepositoryOptions } from './data/aggregate-document';
export { InMemoryRepository } from './data/in-memory.repository';
export { connectMongo } from './data/connect-mongo';
export { MongoHealthCheck } from './data/mongo-health-check';
export { MongoRepository } from './data/mongo.repository';
export type { DomainEventPublisher, OutboxBatch, OutboxEntry, OutboxStore } from './data/outbox';
export { DOMAIN_EVENT_PUBLISHER } from './data/outbox';
export type { Filter, FindOptions } from './data/repository';
export { Repository } from './data/repository';
export { retryOnConflict } from './data/retry-on-conflict';

// ops
export type { HealthCheck, HealthStatus } from './ops/health-check';
export { METRICS, Metrics } from './ops/metrics';

// hosting
export type { HostedService } from './hosting/hosted-service';

// settings (helper A)
export { envBoolean } from './settings/env-boolean';
export { envNumber } from './settings/env-number';
export { envUrlList } from './settings/env-url-list';
export { loadSettings } from './settings/load-settings';

// events (helper B)
export type { EventDeliveryWorkerOptions } from './events/event-delivery.worker';
export { EventDeliveryWorker } from './events/event-delivery.worker';
export type { EventIngestionOptions } from './events/event-ingestion.router';
export { createEventIngestionRouter } from './events/event-ingestion.router';
export type { OutboxDomainEventPublisherOptions, OutboxNudge } from './events/outbox-domain-event-publisher';
export { OutboxDomainEventPublisher } from './events/outbox-domain-event-publisher';
export type { OutboxRelayOptions } from './events/outbox-relay';
export { OutboxRelay } from './events/outbox-relay';
export { RedisHealthCheck } from './ops/redis-health-check';

// jobs (helper B)
export type {
  EnqueueOptions,
  JobHostOptions,
  JobOptions,
  JobRequestBuilder,
  JobSchedule,
  ScheduleOptions,
} from './jobs/job-host';
export { JobHost } from './jobs/job-host';

// http hosting, controllers, auth, ops endpoints (helper C)
export type { AuthenticatedUser } from './auth/authenticated-user';
export type { Authenticator } from './auth/authenticator';
export type { DevIssuerOptions, DevTokenRequest } from './auth/dev-issuer';
export { DevIssuer } from './auth/dev-issuer';
export type { JwtAuthenticatorOptions } from './auth/jwt-authenticator';
export { JwtAuthenticator } from './auth/jwt-authenticator';
export { ControllerBase } from './hosting/controller-base';
export { controllerPrefixOf } from './hosting/controller-prefix';
export type { ControllerClass, ControllerResolver, MountedRoute } from './hosting/controller-router';
export type { HttpAppOptions } from './hosting/create-http-app';
export { createHttpApp } from './hosting/create-http-app';
export type { HttpServerHostOptions, SignalOptions } from './hosting/http-server-host';
export { HttpServerHost } from './hosting/http-server-host';
export { RawResponse } from './hosting/raw-response';
export type { RouteContext } from './hosting/route-context';
export type { RouteOptions } from './hosting/route-options';
export { del, get, patch, post, put, roles } from './hosting/route.decorators';
export type { HttpMethod, RouteDefinition } from './hosting/route-table';
export type { HealthRouterOptions } from './ops/health.router';
export { createHealthRouter } from './ops/health.router';
export { MetricsBehavior } from './ops/metrics.behavior';
export type { OpenApiInfo } from './ops/openapi-document';
export { createOpenApiDocument } from './ops/openapi-document';

// service composition (tests: '@lcm/neuro-core/testing')
export type { BuildServiceOptions, BuiltService } from './service/build-service';
export { buildService } from './service/build-service';
export type { CommonSettings } from './service/common-settings';
export { commonSettings } from './service/common-settings';
export { runService } from './service/run-service';
export type { RepositoryRegistration, ServiceContext, ServiceDefinition } from './service/service-definition';
export { SETTINGS } from './service/service-settings';

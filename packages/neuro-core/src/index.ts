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
export type { IntegrationEvent, IntegrationEventHandler, NotificationHandler } from './mediator/integration-event';
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
export type { DomainEventPublisher, OutboxBatch, OutboxEntry, OutboxStore } from './data/outbox';
export { DOMAIN_EVENT_PUBLISHER } from './data/outbox';
export type { Filter, FindOptions } from './data/repository';
export { Repository } from './data/repository';

// ops
export type { HealthCheck, HealthStatus } from './ops/health-check';
export { METRICS, Metrics } from './ops/metrics';

// hosting
export type { HostedService } from './hosting/hosted-service';

// settings (helper A)

// events (helper B)

// jobs (helper B)

// http hosting, controllers, auth, ops endpoints (helper C)

// testing (helper A: repository contract suite)

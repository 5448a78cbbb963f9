// `@lcm/neuro-core`: what application and API code uses (commands, queries, handlers, inbound-event
// forwarding, load-act-save, controllers, settings), plus everything of `@lcm/neuro-core/domain`, which is
// what domain files import instead. Composition and wiring import `@lcm/neuro-core/hosting` too; tests
// `@lcm/neuro-core/testing`.
import 'reflect-metadata';

// domain building blocks (the whole of `@lcm/neuro-core/domain`)
export type { Clock, Filter, FindOptions } from './domain';
export {
  AggregateRoot,
  DomainEvent,
  DomainResult,
  Repository,
  cloudEventTypeOf,
  cloudevent,
  registeredCloudEventTypes,
} from './domain';

// outcomes, errors, time, logging
export { CLOCK, ManualClock, systemClock } from './core/clock';
export { FrameworkError } from './core/framework-error';
export type { Logger } from './core/logger';
export { LOGGER } from './core/logger';
export type { Failure } from './core/operation-result';
export { OperationResult } from './core/operation-result';

// commands, queries and their handlers
export type { Constructor } from './mediator/handler-registration';
export {
  commandHandler,
  domainEventHandler,
  integrationEventHandler,
  queryHandler,
} from './mediator/handler-registration';
export type {
  IntegrationEvent,
  IntegrationEventHandler,
  NotificationHandler,
} from './mediator/integration-event';
export { MEDIATOR, Mediator } from './mediator/mediator';
export { Command, Query, Request } from './mediator/request';
export { CommandHandler, QueryHandler } from './mediator/request-handler';

// inbound CloudEvents: one table per service
export type { EventForwarding, ForwardedEvent } from './mediator/forward-events';
export { forEachType, forwardEvents } from './mediator/forward-events';

// changing aggregates
export type { Acted } from './data/load-act-save';
export { loadActSave } from './data/load-act-save';
export { isLostRace, retryOnConflict } from './data/retry-on-conflict';

// calling other services with this service's own token
export type { ServiceTokens } from './auth/service-tokens';
export { SERVICE_TOKENS } from './auth/service-tokens';

// which events a caller sees on GET /api/events/stream
export type { AuthenticatedUser } from './auth/authenticated-user';
export type { EventVisibility } from './events/event-visibility';

// controllers
export { ControllerBase } from './hosting/controller-base';
export { RawResponse } from './hosting/raw-response';
export type { RouteContext } from './hosting/route-context';
export { del, get, patch, post, put, roles } from './hosting/route.decorators';

// settings
export type { CommonSettings } from './service/common-settings';
export { commonSettings } from './service/common-settings';
export { SETTINGS } from './service/service-settings';
export { envBoolean } from './settings/env-boolean';
export { envNumber } from './settings/env-number';
export { loadSettings } from './settings/load-settings';

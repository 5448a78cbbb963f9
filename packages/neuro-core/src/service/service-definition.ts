import type { Container } from 'inversify';
import type { IndexDescription } from 'mongodb';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Clock } from '../core/clock';
import type { AggregateRoot } from '../domain/aggregate-root';
import type { ControllerClass } from '../hosting/controller-router';
import type { JobHost } from '../jobs/job-host';
import type { EventProducers } from '../events/event-producers';
import type { EventVisibility } from '../events/event-visibility';
import type { Constructor } from '../mediator/handler-registration';
import type { Mediator } from '../mediator/mediator';
import type { HealthCheck } from '../ops/health-check';
import type { Metrics } from '../ops/metrics';
import type { CommonSettings } from './common-settings';

/** One repository the host builds (in-memory, or MongoDB when MONGODB_URI is set) and binds to `token`. */
export interface RepositoryRegistration {
  /** The DI token handlers inject, e.g. `WORKER_REPOSITORY`. */
  readonly token: symbol;
  readonly collection: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each registration has its own aggregate type
  readonly rehydrate: (id: string, state: any, stateVersion: number) => AggregateRoot<object>;
  /** MongoDB indexes of the collection (ignored in memory). */
  readonly indexes?: readonly IndexDescription[];
}

/** What a service's composition hooks are given. */
export interface ServiceContext<TSettings extends CommonSettings = CommonSettings> {
  readonly name: string;
  readonly settings: TSettings;
  readonly container: Container;
  readonly mediator: Mediator;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly jobs: JobHost;
}

/**
 * Everything that makes one service, declared once; `runService` (production, `npm start`) and
 * `startTestService` (tests) build the same container, mediator, repositories, HTTP app, event relay
 * and jobs from it, so tests run the service as it is deployed.
 */
export interface ServiceDefinition<TSettings extends CommonSettings = CommonSettings> {
  /** kebab-case; also the CloudEvent source (`/<name>`), queue names and the default database. */
  readonly name: string;
  /** Title and version of the OpenAPI document. */
  readonly title: string;
  readonly version: string;
  /** The zod schema of the environment: `commonSettings(port).extend({...})`. */
  readonly settings: ZodType<TSettings>;
  readonly repositories?: readonly RepositoryRegistration[];
  /**
   * Who may send which event type (the system's event catalog): `POST /events` accepts a type only from
   * its producer's OAuth client, and without this accepts none.
   */
  readonly eventProducers?: EventProducers;
  /**
   * Which of the service's events a caller who is not an admin sees on `GET /api/events/stream`
   * (admins see all); without it, only admins see any.
   */
  readonly eventVisibility?: EventVisibility;
  /** Command, query, domain-event and integration-event handler classes. */
  readonly handlers: readonly Constructor[];
  readonly controllers: readonly ControllerClass[];
  /** Binds the service's own adapters (EC2, CML, read models, ...) after the framework's bindings. */
  configure?(context: ServiceContext<TSettings>): void | Promise<void>;
  /** Declares job schedules and on-demand jobs on the service's JobHost. */
  jobs?(context: ServiceContext<TSettings>): void | Promise<void>;
  /** Extra readiness checks beside Redis (and MongoDB when used). */
  healthChecks?(context: ServiceContext<TSettings>): readonly HealthCheck[];
  /** Runs once everything is started: seed data, the start-up sweep. */
  onStarted?(context: ServiceContext<TSettings>): Promise<void>;
  /** Runs first on shutdown, before the framework closes its parts: close the service's own clients. */
  onStopping?(context: ServiceContext<TSettings>): Promise<void>;
}

import { inject } from 'inversify';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { CLOCK, type Clock } from '../core/clock';
import { FrameworkError } from '../core/framework-error';
import { LOGGER } from '../core/logger';
import type { Failure } from '../core/operation-result';
import { type Constructor, integrationEventHandler } from './handler-registration';
import type { IntegrationEvent, IntegrationEventHandler } from './integration-event';
import { MEDIATOR, type Mediator } from './mediator';
import type { Request } from './request';

/** The envelope of an inbound CloudEvent as `toCommand` sees it; `time` is always set. */
export interface ForwardedEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  /** When the sender says it happened, or the receiver's clock when the sender left `time` out. */
  readonly time: Date;
}

/** How one inbound CloudEvent type becomes a command. */
export interface EventForwarding<T> {
  /** The contract's schema of the event's `data`. */
  readonly schema: ZodType<T>;
  /** The command the event asks for, or a sentence saying why it asks for none (logged, acknowledged). */
  readonly toCommand: (data: T, event: ForwardedEvent) => Request<unknown> | string;
  /**
   * Which 4xx refusals the sender should deliver again later, e.g. a 404 for something whose own event is
   * still on its way (deliveries are concurrent, not ordered). Others are acknowledged.
   */
  readonly retryRefusal?: (refusal: Failure, data: T) => boolean;
}

/** One forwarding for each of `types`, to spread into a `forwardEvents` table. */
export function forEachType<T>(
  types: readonly string[],
  forwarding: EventForwarding<T>,
): Record<string, EventForwarding<T>> {
  return Object.fromEntries(types.map((type) => [type, forwarding]));
}

/**
 * The integration-event handler of a table `{ [type]: { schema, toCommand } }`: the one place that owns
 * what an inbound CloudEvent does. `data` that fails the schema is logged and acknowledged (a redelivery
 * would be just as bad); a refused command (4xx: unknown aggregate, late or repeated event) is logged and
 * acknowledged unless `retryRefusal` says otherwise; a server failure (5xx) or an exception is thrown, so
 * the ingestion endpoint answers 500 and the sender retries. Give the class a name for start-up errors and
 * logs, and list it with the service's handlers; its dependencies are injected by explicit tokens.
 */
export function forwardEvents<T extends Record<string, unknown>>(
  name: string,
  table: { readonly [K in keyof T]: EventForwarding<T[K]> },
): Constructor<IntegrationEventHandler> {
  const forwardings = new Map<string, EventForwarding<unknown>>(
    Object.entries(table as Record<string, EventForwarding<unknown>>),
  );

  @integrationEventHandler(...forwardings.keys())
  class EventForwarder implements IntegrationEventHandler {
    constructor(
      @inject(MEDIATOR) private readonly mediator: Mediator,
      @inject(LOGGER) private readonly logger: Logger,
      @inject(CLOCK) private readonly clock: Clock,
    ) {}

    async handle(event: IntegrationEvent): Promise<void> {
      const forwarding = forwardings.get(event.type);
      if (!forwarding) throw new Error(`${name} has no forwarding for CloudEvent type ${event.type}`);
      await this.forward(event, forwarding);
    }

    private async forward(event: IntegrationEvent, forwarding: EventForwarding<unknown>): Promise<void> {
      const fields = { eventId: event.id, type: event.type, source: event.source, subject: event.subject };
      const parsed = forwarding.schema.safeParse(event.data);
      if (!parsed.success) {
        this.logger.warn(
          { ...fields, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
          'CloudEvent data does not match its contract; acknowledged without effect',
        );
        return;
      }
      const { id, source, type, subject } = event;
      const command = forwarding.toCommand(parsed.data, {
        id,
        source,
        type,
        subject,
        time: this.timeOf(event),
      });
      if (typeof command === 'string') {
        this.logger.warn({ ...fields, reason: command }, 'CloudEvent asks for nothing; acknowledged');
        return;
      }
      const result = await this.mediator.execute(command);
      if (result.ok) return;
      const detail = result.problem.detail ?? result.problem.title;
      if (result.status >= 500) {
        const message = `CloudEvent ${event.id} (${event.type}) failed with ${result.status}: ${detail}`;
        throw result.status === 503 ? new FrameworkError('unavailable', message) : new Error(message);
      }
      if (forwarding.retryRefusal?.(result, parsed.data)) {
        throw new Error(
          `CloudEvent ${event.id} (${event.type}) was refused with ${result.status} for now (${detail}); to be redelivered`,
        );
      }
      // 404 and 409 are what at-least-once, unordered delivery produces; any other 4xx is a contract bug.
      const expected = result.status === 404 || result.status === 409;
      this.logger[expected ? 'info' : 'warn'](
        { ...fields, status: result.status, detail, errors: result.problem.errors },
        'CloudEvent refused by its command; acknowledged',
      );
    }

    private timeOf(event: IntegrationEvent): Date {
      const sent = event.time === undefined ? Number.NaN : Date.parse(event.time);
      return Number.isNaN(sent) ? this.clock.now() : new Date(sent);
    }
  }

  Object.defineProperty(EventForwarder, 'name', { value: name });
  return EventForwarder;
}

import type { Logger } from 'pino';
import type { DomainEventPublisher, OutboxEntry } from '../data/outbox';
import type { DomainEvent } from '../domain/domain-event';
import type { Mediator } from '../mediator/mediator';

/** What the publisher needs of the relay: a way to say "there is something new in an outbox". */
export interface OutboxNudge {
  nudge(): void;
}

/** How an OutboxDomainEventPublisher is wired. */
export interface OutboxDomainEventPublisherOptions {
  readonly mediator: Pick<Mediator, 'publish'>;
  /** Woken after every save so new events leave within milliseconds, not at the next poll. */
  readonly relay?: OutboxNudge;
  readonly logger?: Logger;
}

/**
 * The DomainEventPublisher repositories call after a save: publishes each domain event in-process to its
 * local handlers and wakes the OutboxRelay, which turns the saved outbox entries into CloudEvents for
 * other services. The save has already happened, so a failing local handler is logged and never undoes it.
 */
export class OutboxDomainEventPublisher implements DomainEventPublisher {
  constructor(private readonly options: OutboxDomainEventPublisherOptions) {}

  async saved(events: readonly DomainEvent[], entries: readonly OutboxEntry[]): Promise<void> {
    // The relay goes first: delivery to other services must not wait for slow local handlers.
    if (entries.length > 0) this.options.relay?.nudge();
    for (const event of events) {
      try {
        await this.options.mediator.publish(event);
      } catch (error) {
        this.options.logger?.error(
          { err: error, event: event.constructor.name, aggregateId: event.aggregateId },
          'a local handler of a domain event failed; the save stands',
        );
      }
    }
  }
}

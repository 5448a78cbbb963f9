import { SessionEventTypes, SessionSnapshotSchema } from '@lcm/contracts';
import {
  type Constructor,
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { RecordSessionActivityCommand } from '../commands/record-session-activity.command';

/**
 * Feeds the session read model from every `io.lcm.session.*` event. Bad data is logged and ignored (a
 * redelivery would be just as bad); a failure to store throws so the sender retries.
 */
export class SessionActivityHandler implements IntegrationEventHandler {
  constructor(
    private readonly mediator: Mediator,
    private readonly logger: Logger,
  ) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const parsed = SessionSnapshotSchema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.warn(
        { eventId: event.id, type: event.type, issues: parsed.error.issues.length },
        'session event ignored: bad data',
      );
      return;
    }
    const { sessionId, workerId, status } = parsed.data;
    const observedAt = event.time ? new Date(event.time) : new Date(0);
    const result = await this.mediator.execute(
      new RecordSessionActivityCommand(sessionId, workerId, status, observedAt),
    );
    if (!result.ok && result.status >= 500)
      throw new Error(`session event ${event.id} could not be recorded`);
  }
}

/**
 * One handler class per session event type, since a handler class is registered for a single type; all of
 * them are the SessionActivityHandler above.
 */
export const sessionActivityHandlers: readonly Constructor[] = Object.values(SessionEventTypes).map(
  (type) => {
    const handler = class extends SessionActivityHandler {};
    Object.defineProperty(handler, 'name', { value: `SessionActivityHandler(${type})` });
    inject(MEDIATOR)(handler, undefined, 0);
    inject(LOGGER)(handler, undefined, 1);
    integrationEventHandler(type)(handler);
    return handler;
  },
);

import { LOGGER, type Logger, type NotificationHandler, domainEventHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { SessionSnapshotEvent } from '../../domain/events/session-snapshot.event';

/** One log line per session status change, whatever caused it (API, timer, placement or inbound event). */
@domainEventHandler(SessionSnapshotEvent)
export class LogSessionStatus implements NotificationHandler<SessionSnapshotEvent> {
  constructor(@inject(LOGGER) private readonly logger: Logger) {}

  async handle(event: SessionSnapshotEvent): Promise<void> {
    this.logger.info(
      { sessionId: event.sessionId, newStatus: event.status, workerId: event.workerId, reason: event.reason },
      'lablet session status changed',
    );
  }
}

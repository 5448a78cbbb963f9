import { LOGGER, type Logger, type NotificationHandler, domainEventHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { TERMINAL_STATUSES } from '../../domain/entities/session-status';
import { SessionSnapshotEvent } from '../../domain/events/session-snapshot.event';
import {
  WORKER_ALLOCATION_REPOSITORY,
  type WorkerAllocationRepository,
} from '../../domain/repositories/worker-allocation.repository';
import { lostRace } from '../services/concurrency';

const ATTEMPTS = 5;

/**
 * Gives a worker's capacity back once a session that held it is over (STOPPED, FAILED, EXPIRED or
 * CANCELLED), so the rest of its timeslot can be booked again. Retries a lost race a few times; if it still
 * fails the capacity stays held only until the timeslot's end, when allocations are forgotten anyway.
 */
@domainEventHandler(SessionSnapshotEvent)
export class ReleaseAllocationOnSessionEnd implements NotificationHandler<SessionSnapshotEvent> {
  constructor(
    @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations: WorkerAllocationRepository,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SessionSnapshotEvent): Promise<void> {
    if (!event.workerId || !TERMINAL_STATUSES.includes(event.status)) return;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const allocation = await this.allocations.get(event.workerId);
      if (!allocation?.release(event.sessionId)) return;
      try {
        await this.allocations.update(allocation);
        return;
      } catch (error) {
        if (!lostRace(error) || attempt === ATTEMPTS) {
          this.logger.warn(
            { err: error, sessionId: event.sessionId, workerId: event.workerId },
            'could not release session capacity',
          );
          return;
        }
      }
    }
  }
}

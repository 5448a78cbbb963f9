import {
  LOGGER,
  type Logger,
  type NotificationHandler,
  domainEventHandler,
  retryOnConflict,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { TERMINAL_STATUSES } from '../../domain/entities/session-status';
import { SessionRequeued } from '../../domain/events/session-requeued.event';
import { SessionSnapshotEvent } from '../../domain/events/session-snapshot.event';
import {
  WORKER_ALLOCATION_REPOSITORY,
  type WorkerAllocationRepository,
} from '../../domain/repositories/worker-allocation.repository';

/**
 * Gives a worker's capacity back once a session that held it is over (STOPPED, FAILED, EXPIRED or
 * CANCELLED) or left it to be placed elsewhere (requeued), so the rest of its timeslot can be booked again. A lost race starts over from a fresh read;
 * if it keeps losing, the capacity stays held only until the timeslot's end, when allocations are
 * forgotten anyway.
 */
@domainEventHandler(SessionSnapshotEvent)
export class ReleaseAllocationOnSessionEnd implements NotificationHandler<SessionSnapshotEvent> {
  constructor(
    @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations: WorkerAllocationRepository,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SessionSnapshotEvent): Promise<void> {
    const { workerId, sessionId } = event;
    const leftWorker = TERMINAL_STATUSES.includes(event.status) || event instanceof SessionRequeued;
    if (!workerId || !leftWorker) return;
    try {
      await retryOnConflict(async () => {
        const allocation = await this.allocations.get(workerId);
        if (allocation?.release(sessionId)) await this.allocations.update(allocation);
      });
    } catch (error) {
      this.logger.warn({ err: error, sessionId, workerId }, 'could not release session capacity');
    }
  }
}

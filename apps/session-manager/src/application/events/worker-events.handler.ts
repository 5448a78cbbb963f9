import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { WorkerEventTypes, WorkerSnapshotSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordWorkerSnapshotCommand } from '../commands/record-worker-snapshot.command';
import { receiveEvent } from './receive-event';

/** Builds the receiver of one worker event type; each type needs its own handler class. */
function workerEventReceiver(type: string) {
  @integrationEventHandler(type)
  class WorkerEventReceiver implements IntegrationEventHandler {
    constructor(
      @inject(MEDIATOR) private readonly mediator: Mediator,
      @inject(LOGGER) private readonly logger: Logger,
    ) {}

    handle(event: IntegrationEvent): Promise<void> {
      const observedAt = event.time ?? new Date().toISOString();
      return receiveEvent(
        event,
        WorkerSnapshotSchema,
        (snapshot) => new RecordWorkerSnapshotCommand(snapshot, observedAt),
        this.mediator,
        this.logger,
      );
    }
  }
  Object.defineProperty(WorkerEventReceiver, 'name', { value: `WorkerEventReceiver(${type})` });
  return WorkerEventReceiver;
}

/**
 * Receivers of every `io.lcm.worker.*` event that carries a worker snapshot (all but orphan-detected), each
 * feeding the WorkerCapacity read model, so any single event restores a worker's view.
 */
export const workerEventHandlers = Object.values(WorkerEventTypes)
  .filter((type) => type !== WorkerEventTypes.orphanDetected)
  .map(workerEventReceiver);

import { WorkerEventTypes, WorkerSnapshotSchema } from '@lcm/contracts';
import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { inject, injectFromBase, injectable } from 'inversify';
import { RecordWorkerSnapshotCommand } from '../commands/record-worker-snapshot.command';

/**
 * Keeps the worker read model from any `io.lcm.worker.*` event: every one carries the worker snapshot
 * (WorkerSnapshotSchema). Bad data is logged and dropped, never retried forever.
 */
@injectable()
abstract class WorkerSnapshotHandler implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const parsed = WorkerSnapshotSchema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.warn(
        { eventId: event.id, type: event.type, issues: parsed.error.issues.length },
        'worker event ignored: bad data',
      );
      return;
    }
    const { workerId, status, httpsEndpoint, licenseType, templateName, region } = parsed.data;
    const result = await this.mediator.execute(
      new RecordWorkerSnapshotCommand({
        workerId,
        status,
        httpsEndpoint,
        licenseType,
        templateName,
        region,
        lastEventAt: event.time ?? new Date(0).toISOString(),
      }),
    );
    if (!result.ok && result.status >= 500) throw new Error(`worker event ${event.id} could not be recorded`);
  }
}

/** `io.lcm.worker.created.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.created)
@injectFromBase()
export class WorkerCreatedHandler extends WorkerSnapshotHandler {}

/** `io.lcm.worker.status-changed.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.statusChanged)
@injectFromBase()
export class WorkerStatusChangedHandler extends WorkerSnapshotHandler {}

/** `io.lcm.worker.endpoint-changed.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.endpointChanged)
@injectFromBase()
export class WorkerEndpointChangedHandler extends WorkerSnapshotHandler {}

/** `io.lcm.worker.draining.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.draining)
@injectFromBase()
export class WorkerDrainingHandler extends WorkerSnapshotHandler {}

/** `io.lcm.worker.drain-cancelled.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.drainCancelled)
@injectFromBase()
export class WorkerDrainCancelledHandler extends WorkerSnapshotHandler {}

/** `io.lcm.worker.terminated.v1` into the worker read model. */
@integrationEventHandler(WorkerEventTypes.terminated)
@injectFromBase()
export class WorkerTerminatedHandler extends WorkerSnapshotHandler {}

/** Every worker event handler, for the service definition. */
export const workerEventHandlers = [
  WorkerCreatedHandler,
  WorkerStatusChangedHandler,
  WorkerEndpointChangedHandler,
  WorkerDrainingHandler,
  WorkerDrainCancelledHandler,
  WorkerTerminatedHandler,
];

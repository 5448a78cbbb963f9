import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { LabEventTypes, LabFailedSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordLabFailedCommand } from '../commands/record-lab-failed.command';
import { receiveEvent } from './receive-event';

/** Moves an INSTANTIATING session to FAILED on `io.lcm.lab.failed.v1`. */
@integrationEventHandler(LabEventTypes.failed)
export class LabFailedReceiver implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  handle(event: IntegrationEvent): Promise<void> {
    return receiveEvent(
      event,
      LabFailedSchema,
      (data) => new RecordLabFailedCommand(data.sessionId, data.reason),
      this.mediator,
      this.logger,
    );
  }
}

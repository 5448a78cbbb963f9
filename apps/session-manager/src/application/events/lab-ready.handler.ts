import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { LabEventTypes, LabReadySchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordLabReadyCommand } from '../commands/record-lab-ready.command';
import { receiveEvent } from './receive-event';

/** Moves an INSTANTIATING session to READY on `io.lcm.lab.ready.v1`. */
@integrationEventHandler(LabEventTypes.ready)
export class LabReadyReceiver implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  handle(event: IntegrationEvent): Promise<void> {
    return receiveEvent(
      event,
      LabReadySchema,
      (data) =>
        new RecordLabReadyCommand(
          data.sessionId,
          data.labRecordId,
          data.accessUrl,
          data.username,
          data.ports,
        ),
      this.mediator,
      this.logger,
    );
  }
}

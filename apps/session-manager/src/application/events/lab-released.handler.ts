import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { LabEventTypes, LabReleasedSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordLabReleasedCommand } from '../commands/record-lab-released.command';
import { receiveEvent } from './receive-event';

/** Moves a STOPPING session to STOPPED on `io.lcm.lab.released.v1`. */
@integrationEventHandler(LabEventTypes.released)
export class LabReleasedReceiver implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  handle(event: IntegrationEvent): Promise<void> {
    return receiveEvent(
      event,
      LabReleasedSchema,
      (data) => new RecordLabReleasedCommand(data.sessionId),
      this.mediator,
      this.logger,
    );
  }
}

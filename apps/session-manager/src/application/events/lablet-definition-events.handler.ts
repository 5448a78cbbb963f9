import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { LabletDefinitionEventTypes, LabletDefinitionSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordLabletDefinitionCommand } from '../commands/record-lablet-definition.command';
import { receiveEvent } from './receive-event';

/** Builds the receiver of one definition event type; each type needs its own handler class. */
function definitionEventReceiver(type: string) {
  @integrationEventHandler(type)
  class LabletDefinitionEventReceiver implements IntegrationEventHandler {
    constructor(
      @inject(MEDIATOR) private readonly mediator: Mediator,
      @inject(LOGGER) private readonly logger: Logger,
    ) {}

    handle(event: IntegrationEvent): Promise<void> {
      return receiveEvent(
        event,
        LabletDefinitionSchema,
        ({ definitionId, ...definition }) =>
          new RecordLabletDefinitionCommand(definitionId, {
            ...definition,
            observedAt: event.time ?? new Date().toISOString(),
          }),
        this.mediator,
        this.logger,
      );
    }
  }
  Object.defineProperty(LabletDefinitionEventReceiver, 'name', {
    value: `LabletDefinitionEventReceiver(${type})`,
  });
  return LabletDefinitionEventReceiver;
}

/** Receivers of `io.lcm.lablet-definition.created|updated.v1`, feeding the definition read model. */
export const labletDefinitionEventHandlers =
  Object.values(LabletDefinitionEventTypes).map(definitionEventReceiver);

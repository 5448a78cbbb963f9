import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { AssessmentEventTypes, CollectionCompletedSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordCollectionCompletedCommand } from '../commands/record-collection-completed.command';
import { receiveEvent } from './receive-event';

/** Moves a COLLECTING session to GRADING on `io.lcm.assessment.collection-completed.v1`. */
@integrationEventHandler(AssessmentEventTypes.collectionCompleted)
export class CollectionCompletedReceiver implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  handle(event: IntegrationEvent): Promise<void> {
    return receiveEvent(
      event,
      CollectionCompletedSchema,
      (data) => new RecordCollectionCompletedCommand(data.sessionId),
      this.mediator,
      this.logger,
    );
  }
}

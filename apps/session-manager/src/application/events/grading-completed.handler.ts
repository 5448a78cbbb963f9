import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { AssessmentEventTypes, GradingCompletedSchema } from '@lcm/contracts';
import { inject } from 'inversify';
import { RecordGradingCompletedCommand } from '../commands/record-grading-completed.command';
import { receiveEvent } from './receive-event';

/** Moves a GRADING session to STOPPING with its score on `io.lcm.assessment.grading-completed.v1`. */
@integrationEventHandler(AssessmentEventTypes.gradingCompleted)
export class GradingCompletedReceiver implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  handle(event: IntegrationEvent): Promise<void> {
    return receiveEvent(
      event,
      GradingCompletedSchema,
      (data) => new RecordGradingCompletedCommand(data.sessionId, data.score),
      this.mediator,
      this.logger,
    );
  }
}

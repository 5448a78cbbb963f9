import { CapacityEventTypes, CapacityRequestedSchema } from '@lcm/contracts';
import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { HandleCapacityRequestCommand } from '../commands/handle-capacity-request.command';

/** Scale-up trigger: session-manager's `io.lcm.capacity.requested.v1`. Bad data is logged and ignored. */
@integrationEventHandler(CapacityEventTypes.requested)
export class CapacityRequestedHandler implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: IntegrationEvent): Promise<void> {
    const parsed = CapacityRequestedSchema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.warn(
        { eventId: event.id, issues: parsed.error.issues.length },
        'capacity request ignored: bad data',
      );
      return;
    }
    const result = await this.mediator.execute(new HandleCapacityRequestCommand(parsed.data));
    if (!result.ok && result.status >= 500)
      throw new Error(`capacity request ${parsed.data.requestId} failed; retry`);
  }
}

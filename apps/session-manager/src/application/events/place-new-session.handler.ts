import { type NotificationHandler, domainEventHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { SessionCreated } from '../../domain/events/session-created.event';
import { PLACEMENT_TRIGGER, type PlacementTrigger } from '../services/placement-trigger';

/** Runs placement right after a request, so an ASAP session does not wait for the periodic loop. */
@domainEventHandler(SessionCreated)
export class PlaceNewSession implements NotificationHandler<SessionCreated> {
  constructor(@inject(PLACEMENT_TRIGGER) private readonly placement: PlacementTrigger) {}

  async handle(event: SessionCreated): Promise<void> {
    await this.placement.requestPlacement(`lablet session ${event.sessionId} requested`);
  }
}

import { SessionEventTypes, SessionSnapshotSchema } from '@lcm/contracts';
import {
  type IntegrationEvent,
  type IntegrationEventHandler,
  LOGGER,
  type Logger,
  MEDIATOR,
  type Mediator,
  type Request,
  integrationEventHandler,
} from '@lcm/neuro-core';
import { inject, injectFromBase, injectable } from 'inversify';
import { z } from 'zod';
import { RequestLabReleaseCommand } from '../commands/request-lab-release.command';
import { RequestLabStartCommand } from '../commands/request-lab-start.command';
import { ReserveSessionLabCommand } from '../commands/reserve-session-lab.command';

type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

/**
 * Turns a session event into the lab command that records the intent (long CML work runs as jobs).
 * Bad data and refusals are logged and dropped; only unexpected (5xx) failures throw, so the delivery
 * is retried.
 */
@injectable()
abstract class SessionEventHandler implements IntegrationEventHandler {
  constructor(
    @inject(MEDIATOR) private readonly mediator: Mediator,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  protected abstract commandFor(session: SessionSnapshot): Request<unknown> | string;

  async handle(event: IntegrationEvent): Promise<void> {
    const parsed = SessionSnapshotSchema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.warn(
        { eventId: event.id, type: event.type, issues: parsed.error.issues.length },
        'session event ignored: bad data',
      );
      return;
    }
    const command = this.commandFor(parsed.data);
    if (typeof command === 'string') {
      this.logger.warn(
        { eventId: event.id, sessionId: parsed.data.sessionId },
        `session event ignored: ${command}`,
      );
      return;
    }
    const result = await this.mediator.execute(command);
    if (result.ok) return;
    if (result.status >= 500) throw new Error(`session event ${event.id} failed with ${result.status}`);
    if (result.status === 404 && parsed.data.workerId) {
      // A placed session has a lab record here; none yet means its session.scheduled is still on its way
      // (events are delivered concurrently, not in order). Failing makes the sender deliver this one again
      // later, instead of losing a start or a release.
      throw new Error(
        `session event ${event.id} (${event.type}) arrived before the lab of session ${parsed.data.sessionId} was reserved; to be redelivered`,
      );
    }
    // 404 of a session never placed (e.g. cancelled while PENDING): it has no lab here - normal.
    this.logger[result.status === 404 ? 'info' : 'warn'](
      {
        eventId: event.id,
        type: event.type,
        sessionId: parsed.data.sessionId,
        status: result.status,
        detail: result.problem.detail,
      },
      'session event refused',
    );
  }
}

/** `io.lcm.session.scheduled.v1`: reserve the session's lab and ports on its worker. */
@integrationEventHandler(SessionEventTypes.scheduled)
@injectFromBase()
export class SessionScheduledHandler extends SessionEventHandler {
  protected commandFor(s: SessionSnapshot) {
    if (!s.workerId) return 'a scheduled session without a workerId';
    return new ReserveSessionLabCommand(
      s.sessionId,
      s.workerId,
      s.definitionId,
      s.definitionName,
      s.definitionVersion,
    );
  }
}

/** `io.lcm.session.instantiating.v1`: create the session's CML user and start its lab. */
@integrationEventHandler(SessionEventTypes.instantiating)
@injectFromBase()
export class SessionInstantiatingHandler extends SessionEventHandler {
  protected commandFor(s: SessionSnapshot) {
    return new RequestLabStartCommand(s.sessionId);
  }
}

/** `io.lcm.session.stopping.v1`: stop and wipe the session's lab and remove its CML user. */
@integrationEventHandler(SessionEventTypes.stopping)
@injectFromBase()
export class SessionStoppingHandler extends SessionEventHandler {
  protected commandFor(s: SessionSnapshot) {
    return new RequestLabReleaseCommand(s.sessionId);
  }
}

/** `io.lcm.session.cancelled.v1`: a session cancelled after placement gives its reserved lab back. */
@integrationEventHandler(SessionEventTypes.cancelled)
@injectFromBase()
export class SessionCancelledHandler extends SessionEventHandler {
  protected commandFor(s: SessionSnapshot) {
    return new RequestLabReleaseCommand(s.sessionId);
  }
}

/** `io.lcm.session.failed.v1`: a session that gave up waiting for its lab gives the lab back. */
@integrationEventHandler(SessionEventTypes.failed)
@injectFromBase()
export class SessionFailedHandler extends SessionEventHandler {
  protected commandFor(s: SessionSnapshot) {
    return new RequestLabReleaseCommand(s.sessionId);
  }
}

/** Every session event handler, for the service definition. */
export const sessionEventHandlers = [
  SessionScheduledHandler,
  SessionInstantiatingHandler,
  SessionStoppingHandler,
  SessionCancelledHandler,
  SessionFailedHandler,
];

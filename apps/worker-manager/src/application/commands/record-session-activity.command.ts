import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { SessionActivity } from '../../domain/entities/session-activity.aggregate';
import {
  SESSION_ACTIVITY_REPOSITORY,
  type SessionActivityRepository,
} from '../../domain/repositories/session-activity.repository';

/** Updates the local session read model from one `io.lcm.session.*` event. */
export class RecordSessionActivityCommand extends Command<{ changed: boolean }> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    workerId: z.string().nullable(),
    status: z.string().min(1),
    observedAt: z.date(),
  });

  constructor(
    readonly sessionId: string,
    readonly workerId: string | null,
    readonly status: string,
    readonly observedAt: Date,
  ) {
    super();
  }
}

/**
 * Handles RecordSessionActivityCommand; an event older than the one already applied changes nothing. Events
 * of one session arrive at once (on several replicas): a save that lost the race reloads and applies again,
 * since a 409 would make the event handler drop the event.
 */
@commandHandler(RecordSessionActivityCommand)
export class RecordSessionActivityCommandHandler extends CommandHandler<RecordSessionActivityCommand> {
  @inject(SESSION_ACTIVITY_REPOSITORY) private readonly sessions!: SessionActivityRepository;

  async handle({ sessionId, workerId, status, observedAt }: RecordSessionActivityCommand) {
    return retryOnConflict(async () => {
      const existing = await this.sessions.get(sessionId);
      if (!existing) {
        await this.sessions.add(SessionActivity.track(sessionId, workerId, status, observedAt));
        return this.ok({ changed: true });
      }
      const changed = existing.apply(workerId, status, observedAt);
      if (changed) await this.sessions.update(existing);
      return this.ok({ changed });
    });
  }
}

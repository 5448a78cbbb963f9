import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import { type Actor, SessionActionSchema, refuseUnlessAllowed } from '../services/actor';

/** The owner (or an admin) asks for a RUNNING session to be graded. */
export class CollectSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = SessionActionSchema;

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** RUNNING -> COLLECTING; the assessment system then reports collection and grading by CloudEvents. */
@commandHandler(CollectSessionCommand)
export class CollectSessionCommandHandler extends CommandHandler<CollectSessionCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, actor }: CollectSessionCommand) {
    const collected = await loadActSave(
      this.sessions,
      sessionId,
      'lablet session',
      (session) => refuseUnlessAllowed(session, actor, 'act') ?? session.collect(this.clock.now()),
    );
    return collected.ok ? this.accepted(toLabletSessionDto(collected.value.aggregate)) : collected;
  }
}

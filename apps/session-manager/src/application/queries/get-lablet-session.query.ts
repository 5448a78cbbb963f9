import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type Actor, refuseUnlessAllowed } from '../services/actor';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';

/** One session, for its owner, a manager or an admin. */
export class GetLabletSessionQuery extends Query<LabletSessionDto> {
  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Answers 404 to anyone else, so session ids never leak. */
@queryHandler(GetLabletSessionQuery)
export class GetLabletSessionQueryHandler extends QueryHandler<GetLabletSessionQuery> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ sessionId, actor }: GetLabletSessionQuery) {
    const session = await this.sessions.get(sessionId);
    if (!session) return this.notFound('lablet session', sessionId);
    return refuseUnlessAllowed(session, actor, 'read') ?? this.ok(toLabletSessionDto(session));
  }
}

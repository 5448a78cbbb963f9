import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import type { SessionStatus } from '../../domain/entities/session-status';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import type { Actor } from '../services/actor';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';

/** Sessions filtered by status and owner, newest timeslot first. */
export class GetLabletSessionsQuery extends Query<LabletSessionDto[]> {
  constructor(
    readonly actor: Actor,
    readonly status?: SessionStatus,
    readonly ownerId?: string,
  ) {
    super();
  }
}

/** A plain user only ever sees their own sessions, whatever `ownerId` they ask for; managers and admins see all. */
@queryHandler(GetLabletSessionsQuery)
export class GetLabletSessionsQueryHandler extends QueryHandler<GetLabletSessionsQuery> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;

  async handle({ actor, status, ownerId }: GetLabletSessionsQuery) {
    const seesAll = actor.roles.includes('manager') || actor.roles.includes('admin');
    if (!seesAll && ownerId !== undefined && ownerId !== actor.sub) return this.ok([]);
    const owner = seesAll ? ownerId : actor.sub;
    const found = await this.sessions.find(
      { ...(status ? { status } : {}), ...(owner ? { ownerId: owner } : {}) },
      { sort: { timeslotStart: -1 } },
    );
    return this.ok(found.map(toLabletSessionDto));
  }
}

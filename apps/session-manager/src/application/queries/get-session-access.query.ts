import { type Failure, OperationResult, Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import type { SessionAccessDto } from '../dtos/session-access.dto';
import { type Actor, refuseUnlessAllowed } from '../services/actor';
import { LAB_CREDENTIALS_PROVIDER, type LabCredentialsProvider } from '../services/lab-credentials';

/** The owner reads how to reach their READY or RUNNING session. */
export class GetSessionAccessQuery extends Query<SessionAccessDto> {
  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/**
 * Only the owner, only when READY or RUNNING (else 409 naming the status). The password is fetched from
 * lab-manager at read time and never stored or logged here; lab-manager being unreachable is a 503.
 */
@queryHandler(GetSessionAccessQuery)
export class GetSessionAccessQueryHandler extends QueryHandler<GetSessionAccessQuery> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;
  @inject(LAB_CREDENTIALS_PROVIDER) private readonly credentials!: LabCredentialsProvider;

  async handle({ sessionId, actor }: GetSessionAccessQuery) {
    const session = await this.sessions.get(sessionId);
    if (!session) return this.notFound('lablet session', sessionId);
    const refused = refuseUnlessAllowed(session, actor, 'access');
    if (refused) return refused;
    const { status, access, labRecordId, allocatedPorts } = session.state;
    if ((status !== 'READY' && status !== 'RUNNING') || !access || !labRecordId) {
      return this.conflict(
        `lablet session ${sessionId} is ${status}; access is only given when READY or RUNNING`,
      );
    }
    const secret = await this.fetch(labRecordId);
    if (!secret.ok) return secret;
    return this.ok({
      url: access.url,
      username: access.username,
      password: secret.value,
      ports: allocatedPorts ?? {},
    });
  }

  private async fetch(labRecordId: string): Promise<OperationResult<string>> {
    try {
      const found = await this.credentials.credentialsOf(labRecordId);
      if (!found) return this.conflict(`lab record ${labRecordId} has no credentials at lab-manager (yet)`);
      return this.ok(found.password);
    } catch (error) {
      this.logger.warn({ labRecordId, err: error }, 'lab-manager did not give the lab credentials');
      return unavailable;
    }
  }
}

const unavailable: Failure = OperationResult.fail(503, 'lab-manager is unreachable; retry in a moment');

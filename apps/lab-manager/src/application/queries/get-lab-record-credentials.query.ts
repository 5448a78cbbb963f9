import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { SECRET_BOX, type SecretBox } from '../../domain/services/secret-box';

/** The CML login of a lab's current session user. */
export interface LabCredentialsDto {
  labRecordId: string;
  sessionId: string;
  accessUrl: string | null;
  username: string;
  password: string;
  ports: Record<string, number>;
}

/**
 * The session user's CML credentials, for session-manager's access endpoint only (service role): the
 * password is in no event, log or other response.
 */
export class GetLabRecordCredentialsQuery extends Query<LabCredentialsDto> {
  constructor(readonly labRecordId: string) {
    super();
  }
}

/** Returns the credentials; 404 for an unknown record, 409 while the lab has no session user or no configured key opens the password. */
@queryHandler(GetLabRecordCredentialsQuery)
export class GetLabRecordCredentialsQueryHandler extends QueryHandler<GetLabRecordCredentialsQuery> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(SECRET_BOX) private readonly secrets!: SecretBox;

  async handle({ labRecordId }: GetLabRecordCredentialsQuery) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    const { user, boundSessionId, accessUrl, allocatedPorts, status } = record.state;
    if (!user || !boundSessionId) {
      return this.conflict(`lab record ${labRecordId} is ${status} and has no session user`);
    }
    let password: string;
    try {
      password = this.secrets.open(user.sealedPassword);
    } catch {
      return this.conflict(
        `the CML password of lab record ${labRecordId} cannot be opened: it was sealed with a key that is neither LAB_CREDENTIALS_KEY nor LAB_CREDENTIALS_PREVIOUS_KEY (after a rotation, set the old key as LAB_CREDENTIALS_PREVIOUS_KEY)`,
      );
    }
    return this.ok({
      labRecordId,
      sessionId: boundSessionId,
      accessUrl,
      username: user.username,
      password,
      ports: { ...allocatedPorts },
    });
  }
}

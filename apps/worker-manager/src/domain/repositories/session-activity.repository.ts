import { Repository } from '@lcm/neuro-core/domain';
import type { SessionActivity } from '../entities/session-activity.aggregate';

/** Storage of the session read model, keyed by session id. The host builds the in-memory or MongoDB implementation and binds it to the token. */
export abstract class SessionActivityRepository extends Repository<SessionActivity> {}

/** DI token of the SessionActivityRepository. */
export const SESSION_ACTIVITY_REPOSITORY = Symbol.for('lcm.SessionActivityRepository');

import type { OperationResult } from '../core/operation-result';
import type { AuthenticatedUser } from './authenticated-user';

/**
 * Turns an `Authorization` header into a user. A port, so the HTTP host does not depend on how tokens
 * are checked: a failure is a 401 (or 503 when the issuer's keys cannot be fetched), never a throw.
 */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<OperationResult<AuthenticatedUser>>;
}

import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { OutboxEntry } from '../data/outbox';

/**
 * Whether a caller who is not an admin may see one of the service's events on `GET /api/events/stream`.
 * Each service supplies its own (session-manager: a session's events to its owner); admins see every
 * event, and without one nobody else sees any.
 */
export type EventVisibility = (event: OutboxEntry, user: AuthenticatedUser) => boolean;

/** The stream's rule: admins see everything, everyone else what the service's visibility allows. */
export function canSee(event: OutboxEntry, user: AuthenticatedUser, visibleTo?: EventVisibility): boolean {
  return user.roles.includes('admin') || (visibleTo?.(event, user) ?? false);
}

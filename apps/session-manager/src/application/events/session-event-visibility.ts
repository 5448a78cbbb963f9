import { SessionEventTypes } from '@lcm/contracts';
import type { EventVisibility } from '@lcm/neuro-core';

const SESSION_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(SessionEventTypes));

/**
 * On `GET /api/events/stream`, a caller who is not an admin sees the events of the sessions they own
 * (every session event carries its owner) and nothing else: not capacity requests, not other people's
 * sessions.
 */
export const sessionEventVisibility: EventVisibility = (event, user) =>
  SESSION_EVENT_TYPES.has(event.type) && event.data['ownerId'] === user.sub;

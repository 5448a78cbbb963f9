import type { Session } from '../client/types';

/** What the Sessions table is narrowed to; empty means any. */
export interface SessionFilter {
  readonly status: string;
  readonly owner: string;
  readonly definition: string;
}

export const NO_FILTER: SessionFilter = { status: '', owner: '', definition: '' };

/** The sessions matching the filter, newest timeslot first. */
export function filterSessions(sessions: readonly Session[], filter: SessionFilter): Session[] {
  const owner = filter.owner.trim().toLowerCase();
  return sessions
    .filter((session) => !filter.status || session.status === filter.status)
    .filter((session) => !owner || session.ownerId.toLowerCase().includes(owner))
    .filter((session) => !filter.definition || session.definitionName === filter.definition)
    .sort((a, b) => Date.parse(b.timeslotStart) - Date.parse(a.timeslotStart));
}

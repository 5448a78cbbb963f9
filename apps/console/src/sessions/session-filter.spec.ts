import type { Session } from '../client/types';
import { NO_FILTER, filterSessions } from './session-filter';

const session = (id: string, status: string, ownerId: string, definitionName: string, start: string) =>
  ({ id, status, ownerId, definitionName, timeslotStart: start }) as Session;
const sessions = [
  session('a', 'READY', 'alice', 'two-router-basics', '2026-11-30T10:00:00Z'),
  session('b', 'STOPPED', 'bob', 'two-router-basics', '2026-11-30T11:00:00Z'),
  session('c', 'READY', 'bob', 'ospf', '2026-11-30T09:00:00Z'),
];
const ids = (list: Session[]) => list.map((s) => s.id);

describe('narrowing the Sessions table', () => {
  it('shows everything, newest timeslot first, without a filter', () => {
    expect(ids(filterSessions(sessions, NO_FILTER))).toEqual(['b', 'a', 'c']);
  });

  it('narrows by status, by part of the owner and by definition together', () => {
    expect(ids(filterSessions(sessions, { ...NO_FILTER, status: 'READY' }))).toEqual(['a', 'c']);
    expect(ids(filterSessions(sessions, { status: 'READY', owner: 'BO', definition: '' }))).toEqual(['c']);
    expect(ids(filterSessions(sessions, { ...NO_FILTER, definition: 'two-router-basics' }))).toEqual([
      'b',
      'a',
    ]);
  });
});

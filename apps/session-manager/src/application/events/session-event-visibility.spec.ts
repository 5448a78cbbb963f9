import type { AuthenticatedUser } from '@lcm/neuro-core';
import { sessionEventVisibility } from './session-event-visibility';

const event = (type: string, data: Record<string, unknown>) => ({
  specversion: '1.0' as const,
  id: 'e-1',
  source: '/session-manager',
  type,
  subject: 's-1',
  time: new Date(0).toISOString(),
  datacontenttype: 'application/json' as const,
  data,
});
const user = (sub: string): AuthenticatedUser => ({ sub, roles: ['user'], claims: {} });

describe('which session-manager events a user sees on the event stream', () => {
  it("shows a user the events of their own sessions and not someone else's", () => {
    const ready = event('io.lcm.session.ready.v1', { sessionId: 's-1', ownerId: 'alice' });
    expect(sessionEventVisibility(ready, user('alice'))).toBe(true);
    expect(sessionEventVisibility(ready, user('bob'))).toBe(false);
  });

  it('shows a user no capacity request, even one naming them', () => {
    const capacity = event('io.lcm.capacity.requested.v1', { ownerId: 'alice' });
    expect(sessionEventVisibility(capacity, user('alice'))).toBe(false);
  });
});

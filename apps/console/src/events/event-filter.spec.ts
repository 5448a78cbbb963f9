import type { StreamedEvent } from '../client/types';
import { filterEvents } from './event-filter';

const streamed = (type: string, source: string, data: Record<string, unknown> = {}): StreamedEvent => ({
  streamId: '1-0',
  event: { id: type, type, source, subject: 's-1', time: '2026-11-30T10:00:00Z', data },
});
const events = [
  streamed('io.lcm.session.ready.v1', '/session-manager', { ownerId: 'alice' }),
  streamed('io.lcm.worker.status-changed.v1', '/worker-manager'),
];

describe('narrowing the live events', () => {
  it('matches text in the type, subject or data, and the source exactly', () => {
    expect(filterEvents(events, 'READY', '')).toHaveLength(1);
    expect(filterEvents(events, 'alice', '')).toHaveLength(1);
    expect(filterEvents(events, '', '/worker-manager')[0]?.event.type).toBe(
      'io.lcm.worker.status-changed.v1',
    );
    expect(filterEvents(events, '', '')).toHaveLength(2);
  });
});

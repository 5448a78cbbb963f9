import { SessionStatusSchema } from '@lcm/contracts';
import { SessionActivity } from './session-activity.aggregate';

describe('SessionActivity', () => {
  it('counts a session as occupying its worker from placement until it has stopped', () => {
    const idle = SessionStatusSchema.options.filter(
      (status) => !SessionActivity.track('s-1', 'w-1', status, new Date('2026-01-01T00:00:00Z')).isActive,
    );
    expect(idle).toEqual(['PENDING', 'STOPPED', 'FAILED', 'EXPIRED', 'CANCELLED']);
  });
});

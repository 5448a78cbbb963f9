import { ManualClock, systemClock } from './clock';

describe('ManualClock', () => {
  it('starts at 2026-01-01T00:00:00Z unless told otherwise', () => {
    expect(new ManualClock().now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new ManualClock(new Date('2030-05-05T05:05:05Z')).now().toISOString()).toBe(
      '2030-05-05T05:05:05.000Z',
    );
  });

  it('stands still until it is set or advanced', () => {
    const clock = new ManualClock();
    expect(clock.now()).toEqual(clock.now());
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:30.000Z');
    clock.set(new Date('2026-06-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-06-01T12:00:00.000Z');
  });

  it('hands out copies, so a caller changing a returned or given Date does not move it', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const clock = new ManualClock(start);
    start.setUTCFullYear(1999);
    clock.now().setUTCFullYear(1999);
    const at = new Date('2026-02-01T00:00:00Z');
    clock.set(at);
    at.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });
});

describe('systemClock', () => {
  it('tells the wall-clock time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

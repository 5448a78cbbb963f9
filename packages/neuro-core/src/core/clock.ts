/** The source of "now". Domain code takes times as arguments; handlers get them from this, so tests can move time. */
export interface Clock {
  now(): Date;
}

/** DI token of the Clock. */
export const CLOCK = Symbol.for('lcm.Clock');

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T00:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

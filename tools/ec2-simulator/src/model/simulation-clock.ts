/**
 * The simulator's notion of "now": a base clock plus an offset that `advanceTime` moves forward, so tests
 * and the embedded system can skip pending/stopping phases without sleeping.
 */
export class SimulationClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number) {}

  /** Milliseconds since the epoch, simulated. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  /** Moves simulated time forward; time never runs backwards. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance simulated time by ${ms} ms`);
    this.offsetMs += ms;
  }

  /** Drops every advance, back to the base clock. */
  reset(): void {
    this.offsetMs = 0;
  }
}

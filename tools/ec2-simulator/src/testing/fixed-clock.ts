/** The instant simulated time starts from in tests, so launch times and lifecycles are reproducible. */
export const TEST_EPOCH = Date.parse('2026-01-05T10:00:00.000Z');

/** A clock that stands still: in tests, time only moves through `advanceTime`. */
export const fixedClock = (): number => TEST_EPOCH;

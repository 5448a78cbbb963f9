import { mapBounded } from './map-bounded';

describe('mapBounded', () => {
  it('never has more than the limit under way, and answers in the order of the items', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      // later items finish first at times, so the order of the answer comes from the items, not from timing
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('answers an empty list for no items, and runs one at a time for a limit below one', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    let peak = 0;
    let inFlight = 0;
    await mapBounded([1, 2, 3], 0, async () => {
      peak = Math.max(peak, ++inFlight);
      await Promise.resolve();
      inFlight--;
    });
    expect(peak).toBe(1);
  });
});

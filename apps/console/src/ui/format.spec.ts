import { formatDuration, formatUsd } from './format';

describe('figures as the console shows them', () => {
  it('says durations in the largest sensible units', () => {
    expect(formatDuration(40_000)).toBe('40 s');
    expect(formatDuration(4 * 60_000)).toBe('4 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 05 min');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('says money in dollars and cents', () => {
    expect(formatUsd(0.125)).toBe('$0.13');
  });
});

import { matchesWildcard } from './wildcard';

describe('matchesWildcard', () => {
  it.each([
    ['CML-2.9-2.9.1-20250915', 'CML-2.9-*', true],
    ['CML-2.90-1', 'CML-2.9-*', false],
    ['CML-2x9-1', 'CML-2.9-*', false],
    ['t3.small', 't3.?????', true],
    ['running', 'running', true],
    ['Running', 'running', false],
  ])('matches %s against %s: %s', (value, pattern, expected) => {
    expect(matchesWildcard(value, pattern)).toBe(expected);
  });
});

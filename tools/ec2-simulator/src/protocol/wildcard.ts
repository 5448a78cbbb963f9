/**
 * Matches a value against an EC2 filter value, where `*` stands for any run of characters and `?` for
 * exactly one (e.g. `CML-2.9-*`). Matching is case-sensitive, as it is on AWS.
 */
export function matchesWildcard(value: string, pattern: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}

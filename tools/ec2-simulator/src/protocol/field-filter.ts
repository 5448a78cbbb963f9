import { Ec2Error } from './ec2-error';
import type { Filter } from './filter';
import { matchesWildcard } from './wildcard';

/** Reads the values one named filter compares against; absent fields never match. */
export type FieldReader<T> = (item: T) => readonly (string | undefined)[];

/**
 * Builds the predicate for a Describe call's filters: filters combine with AND, the values of one filter
 * with OR, values may use `*` / `?` wildcards, and `tag:<key>` matches a tag's value. An unknown filter
 * name is refused rather than ignored, so a typo in a caller cannot silently widen a query.
 */
export function fieldFilter<T extends { readonly tags: ReadonlyMap<string, string> }>(
  filters: readonly Filter[],
  fields: Readonly<Record<string, FieldReader<T>>>,
): (item: T) => boolean {
  const tests = filters.map(({ name, values }) => {
    const read: FieldReader<T> | undefined = name.startsWith('tag:')
      ? (item) => [item.tags.get(name.slice('tag:'.length))]
      : fields[name];
    if (!read) throw Ec2Error.invalidParameterValue(`The filter '${name}' is invalid`);
    return (item: T) =>
      read(item).some(
        (actual) => actual !== undefined && values.some((value) => matchesWildcard(actual, value)),
      );
  });
  return (item) => tests.every((test) => test(item));
}

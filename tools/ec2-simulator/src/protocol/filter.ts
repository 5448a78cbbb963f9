import type { QueryParams } from './query-params';

/** One `Filter.N` of a Describe call: the item matches when the named field equals any of the values. */
export interface Filter {
  readonly name: string;
  readonly values: readonly string[];
}

/** Reads the `Filter.N.Name` / `Filter.N.Value.M` lists the SDK sends for `Filters`. */
export function readFilters(params: QueryParams): Filter[] {
  return params.structList('Filter').map((filter) => ({
    name: filter.requiredString('Name'),
    values: filter.list('Value'),
  }));
}

import { Ec2Error } from './ec2-error';
import type { QueryParams } from './query-params';

/** A resource tag as sent in `Tag.N.Key` / `Tag.N.Value`; `value` is absent in DeleteTags "any value" entries. */
export interface Tag {
  readonly key: string;
  readonly value?: string;
}

/** Reads a tag list (`<name>.N.Key`, `<name>.N.Value`), refusing keys EC2 would refuse. */
export function readTags(params: QueryParams, name = 'Tag'): Tag[] {
  return params.structList(name).map((tag) => {
    const key = tag.requiredString('Key');
    if (key.length > 128) throw Ec2Error.invalidParameterValue(`Tag key exceeds 128 characters: '${key}'`);
    const value = tag.string('Value');
    if (value !== undefined && value.length > 256) {
      throw Ec2Error.invalidParameterValue(`Tag value exceeds 256 characters for key '${key}'`);
    }
    return value === undefined ? { key } : { key, value };
  });
}

import { Ec2Error } from '../protocol/ec2-error';
import { readTags } from '../protocol/tag';
import type { Ec2Action } from './ec2-action';
import { taggableResources } from './taggable-resources';

const MAX_TAGS_PER_RESOURCE = 50;

/** CreateTags: adds or overwrites tags on instances and AMIs, within EC2's 50-tags-per-resource limit. */
export const createTags: Ec2Action = (params, context) => {
  const tags = readTags(params);
  if (tags.length === 0) throw Ec2Error.missingParameter('Tag');
  const resources = taggableResources(params, context);
  for (const resourceTags of resources) {
    const keys = new Set([...resourceTags.keys(), ...tags.map((tag) => tag.key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
      throw new Ec2Error(
        'TagLimitExceeded',
        `The maximum number of tags (${MAX_TAGS_PER_RESOURCE}) would be exceeded`,
      );
    }
  }
  for (const resourceTags of resources) {
    for (const tag of tags) resourceTags.set(tag.key, tag.value ?? '');
  }
  return { return: true };
};

import { readTags } from '../protocol/tag';
import type { Ec2Action } from './ec2-action';
import { taggableResources } from './taggable-resources';

/**
 * DeleteTags: removes tags by key, or only where the value matches when one is given; with no tags at
 * all it removes every tag of the resources, as EC2 does.
 */
export const deleteTags: Ec2Action = (params, context) => {
  const tags = readTags(params);
  for (const resourceTags of taggableResources(params, context)) {
    if (tags.length === 0) resourceTags.clear();
    for (const tag of tags) {
      if (tag.value === undefined || resourceTags.get(tag.key) === tag.value) resourceTags.delete(tag.key);
    }
  }
  return { return: true };
};

import { Ec2Error } from '../protocol/ec2-error';
import type { QueryParams } from '../protocol/query-params';
import type { Ec2ActionContext } from './ec2-action-context';

/**
 * The tag maps of the `ResourceId.N` resources of a CreateTags/DeleteTags call: instances and AMIs, the
 * only resources the simulator has. Every id is checked before any tag changes, as EC2 does.
 */
export function taggableResources(params: QueryParams, context: Ec2ActionContext): Map<string, string>[] {
  const resourceIds = params.list('ResourceId');
  if (resourceIds.length === 0) throw Ec2Error.missingParameter('ResourceId');
  const other = resourceIds.find((id) => !id.startsWith('i-') && !id.startsWith('ami-'));
  if (other !== undefined) throw new Ec2Error('InvalidID', `The ID '${other}' is not valid`);
  const instances = context.instances.require(resourceIds.filter((id) => id.startsWith('i-')));
  const images = context.images.require(resourceIds.filter((id) => id.startsWith('ami-')));
  return [...instances, ...images].map((resource) => resource.tags);
}

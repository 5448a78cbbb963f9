import { Ec2Error } from '../protocol/ec2-error';
import type { QueryParams } from '../protocol/query-params';

/** The `InstanceId.N` list of a Start/Stop/Terminate call, which EC2 refuses to take empty. */
export function requiredInstanceIds(params: QueryParams): string[] {
  const instanceIds = params.list('InstanceId');
  if (instanceIds.length === 0) throw Ec2Error.missingParameter('InstanceId');
  return instanceIds;
}

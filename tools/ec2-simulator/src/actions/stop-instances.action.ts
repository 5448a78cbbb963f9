import type { Ec2Action } from './ec2-action';
import { stateChangeXml } from './instance-xml';
import { requiredInstanceIds } from './required-instance-ids';

/** StopInstances: running instances go `stopping`, then `stopped` losing their public address. */
export const stopInstances: Ec2Action = (params, context) => ({
  instancesSet: context.instances.stop(requiredInstanceIds(params)).map(stateChangeXml),
});

import type { Ec2Action } from './ec2-action';
import { stateChangeXml } from './instance-xml';
import { requiredInstanceIds } from './required-instance-ids';

/** TerminateInstances: live instances go `shutting-down`, then `terminated`, then vanish after retention. */
export const terminateInstances: Ec2Action = (params, context) => ({
  instancesSet: context.instances.terminate(requiredInstanceIds(params)).map(stateChangeXml),
});

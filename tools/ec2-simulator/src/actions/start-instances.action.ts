import type { Ec2Action } from './ec2-action';
import { stateChangeXml } from './instance-xml';
import { requiredInstanceIds } from './required-instance-ids';

/** StartInstances: stopped instances go `pending` (and later `running` with a new public address). */
export const startInstances: Ec2Action = (params, context) => ({
  instancesSet: context.instances.start(requiredInstanceIds(params)).map(stateChangeXml),
});

import { createTags } from './create-tags.action';
import { deleteTags } from './delete-tags.action';
import { describeImages } from './describe-images.action';
import { describeInstanceStatus } from './describe-instance-status.action';
import { describeInstances } from './describe-instances.action';
import type { Ec2Action } from './ec2-action';
import { runInstances } from './run-instances.action';
import { startInstances } from './start-instances.action';
import { stopInstances } from './stop-instances.action';
import { terminateInstances } from './terminate-instances.action';

/** The actions the simulator answers, keyed by their `Action` parameter; anything else is `InvalidAction`. */
export const EC2_ACTIONS: ReadonlyMap<string, Ec2Action> = new Map([
  ['RunInstances', runInstances],
  ['DescribeInstances', describeInstances],
  ['DescribeInstanceStatus', describeInstanceStatus],
  ['StartInstances', startInstances],
  ['StopInstances', stopInstances],
  ['TerminateInstances', terminateInstances],
  ['CreateTags', createTags],
  ['DeleteTags', deleteTags],
  ['DescribeImages', describeImages],
]);

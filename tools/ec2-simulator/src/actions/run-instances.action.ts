import { Ec2Error } from '../protocol/ec2-error';
import type { QueryParams } from '../protocol/query-params';
import { readTags } from '../protocol/tag';
import type { Ec2Action } from './ec2-action';
import { instanceXml } from './instance-xml';

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/**
 * RunInstances: launches `MaxCount` instances of a known AMI in `pending`, tagged from the `instance`
 * TagSpecifications. A repeated `ClientToken` answers with the instances it launched the first time.
 */
export const runInstances: Ec2Action = (params, context) => {
  const imageId = params.requiredString('ImageId');
  context.images.require([imageId]);
  const instanceType = params.string('InstanceType') ?? 'm1.small';
  if (!INSTANCE_TYPE.test(instanceType)) {
    throw Ec2Error.invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
  }
  const minCount = requiredCount(params, 'MinCount');
  const maxCount = requiredCount(params, 'MaxCount');
  if (minCount > maxCount) {
    throw Ec2Error.invalidParameterValue(
      `MinCount (${minCount}) must be less than or equal to MaxCount (${maxCount})`,
    );
  }
  const tags = new Map<string, string>();
  for (const spec of params.structList('TagSpecification')) {
    if (spec.requiredString('ResourceType') !== 'instance') continue;
    for (const tag of readTags(spec)) tags.set(tag.key, tag.value ?? '');
  }
  const clientToken = params.string('ClientToken');
  const instances = context.instances.launch({
    imageId,
    instanceType,
    count: maxCount,
    clientToken,
    tags,
    fingerprint: JSON.stringify([imageId, instanceType, minCount, maxCount, [...tags]]),
  });
  return {
    reservationId: instances[0].reservationId,
    ownerId: context.accountId,
    groupSet: [],
    instancesSet: instances.map((instance) => instanceXml(instance, context)),
  };
};

function requiredCount(params: QueryParams, name: string): number {
  const value = params.integer(name);
  if (value === undefined) throw Ec2Error.missingParameter(name);
  if (value < 1)
    throw Ec2Error.invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. Expected >= 1.`);
  return value;
}

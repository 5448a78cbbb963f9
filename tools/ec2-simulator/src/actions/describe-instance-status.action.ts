import type { SimulatedInstance } from '../model/simulated-instance';
import { readFilters } from '../protocol/filter';
import type { XmlObject } from '../protocol/to-xml';
import type { Ec2Action } from './ec2-action';
import { instanceFilter } from './instance-filter';
import { stateXml } from './instance-xml';
import { paginate } from './paginate';

/**
 * DescribeInstanceStatus: status checks of running instances, or of every visible instance with
 * `IncludeAllInstances=true`. Running instances pass both checks unless the control API impaired one;
 * others report `not-applicable`.
 */
export const describeInstanceStatus: Ec2Action = (params, context) => {
  const instanceIds = params.list('InstanceId');
  const includeAll = params.boolean('IncludeAllInstances') ?? false;
  const candidates =
    instanceIds.length > 0 ? context.instances.require(instanceIds) : context.instances.all();
  const matches = candidates
    .filter((instance) => includeAll || instance.state === 'running')
    .filter(instanceFilter(readFilters(params)));
  const page = paginate(matches, params.integer('MaxResults'), params.string('NextToken'));
  return {
    instanceStatusSet: page.items.map((instance) => ({
      instanceId: instance.instanceId,
      availabilityZone: `${context.region}a`,
      instanceState: stateXml(instance.state),
      systemStatus: statusSummaryXml(instance, instance.impairedChecks?.system ?? false),
      instanceStatus: statusSummaryXml(instance, instance.impairedChecks?.instance ?? false),
      eventsSet: [],
    })),
    nextToken: page.nextToken,
  };
};

function statusSummaryXml(instance: SimulatedInstance, impaired: boolean): XmlObject {
  if (instance.state !== 'running') return { status: 'not-applicable', details: [] };
  if (impaired) return { status: 'impaired', details: [{ name: 'reachability', status: 'failed' }] };
  return { status: 'ok', details: [{ name: 'reachability', status: 'passed' }] };
}

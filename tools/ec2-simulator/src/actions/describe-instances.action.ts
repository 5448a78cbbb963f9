import type { SimulatedInstance } from '../model/simulated-instance';
import { Ec2Error } from '../protocol/ec2-error';
import { readFilters } from '../protocol/filter';
import type { XmlObject } from '../protocol/to-xml';
import type { Ec2Action } from './ec2-action';
import type { Ec2ActionContext } from './ec2-action-context';
import { instanceFilter } from './instance-filter';
import { instanceXml } from './instance-xml';
import { paginate } from './paginate';

/**
 * DescribeInstances: the named or all visible instances (terminated ones too, until their retention
 * ends), filtered, paged by instance count with `MaxResults`/`NextToken`, grouped into reservations.
 */
export const describeInstances: Ec2Action = (params, context) => {
  const instanceIds = params.list('InstanceId');
  const maxResults = params.integer('MaxResults');
  if (instanceIds.length > 0 && maxResults !== undefined) {
    throw new Ec2Error(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  const candidates =
    instanceIds.length > 0 ? context.instances.require(instanceIds) : context.instances.all();
  const matches = candidates.filter(instanceFilter(readFilters(params)));
  const page = paginate(matches, maxResults, params.string('NextToken'));
  return {
    reservationSet: reservationsXml(page.items, context),
    nextToken: page.nextToken,
  };
};

function reservationsXml(instances: readonly SimulatedInstance[], context: Ec2ActionContext): XmlObject[] {
  const byReservation = new Map<string, SimulatedInstance[]>();
  for (const instance of instances) {
    byReservation.set(instance.reservationId, [
      ...(byReservation.get(instance.reservationId) ?? []),
      instance,
    ]);
  }
  return [...byReservation].map(([reservationId, members]) => ({
    reservationId,
    ownerId: context.accountId,
    groupSet: [],
    instancesSet: members.map((instance) => instanceXml(instance, context)),
  }));
}

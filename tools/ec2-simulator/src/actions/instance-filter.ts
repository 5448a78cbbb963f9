import { INSTANCE_STATE_CODES } from '../model/instance-state';
import type { SimulatedInstance } from '../model/simulated-instance';
import { fieldFilter, type FieldReader } from '../protocol/field-filter';
import type { Filter } from '../protocol/filter';

const FIELDS: Readonly<Record<string, FieldReader<SimulatedInstance>>> = {
  'instance-id': (i) => [i.instanceId],
  'instance-state-name': (i) => [i.state],
  'instance-state-code': (i) => [String(INSTANCE_STATE_CODES[i.state])],
  'instance-type': (i) => [i.instanceType],
  'image-id': (i) => [i.imageId],
  'reservation-id': (i) => [i.reservationId],
  'client-token': (i) => [i.clientToken],
  'private-ip-address': (i) => [i.privateIpAddress],
  'ip-address': (i) => [i.publicIpAddress],
  'tag-key': (i) => [...i.tags.keys()],
  'tag-value': (i) => [...i.tags.values()],
};

/** The predicate for DescribeInstances / DescribeInstanceStatus filters (the names EC2 uses). */
export function instanceFilter(filters: readonly Filter[]): (instance: SimulatedInstance) => boolean {
  return fieldFilter(filters, FIELDS);
}

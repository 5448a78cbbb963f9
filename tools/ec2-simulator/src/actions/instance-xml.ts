import { INSTANCE_STATE_CODES, type InstanceStateName } from '../model/instance-state';
import type { SimulatedInstance } from '../model/simulated-instance';
import type { StateChange } from '../model/state-change';
import type { XmlObject } from '../protocol/to-xml';
import type { Ec2ActionContext } from './ec2-action-context';

/** EC2's `{code, name}` state element. */
export function stateXml(name: InstanceStateName): XmlObject {
  return { code: INSTANCE_STATE_CODES[name], name };
}

/** EC2's `tagSet`. */
export function tagSetXml(tags: ReadonlyMap<string, string>): XmlObject[] {
  return [...tags].map(([key, value]) => ({ key, value }));
}

/** One item of a Start/Stop/TerminateInstances `instancesSet`. */
export function stateChangeXml(change: StateChange): XmlObject {
  return {
    instanceId: change.instanceId,
    currentState: stateXml(change.currentState),
    previousState: stateXml(change.previousState),
  };
}

/** One instance as RunInstances and DescribeInstances report it (the fields clients commonly read). */
export function instanceXml(instance: SimulatedInstance, context: Ec2ActionContext): XmlObject {
  const { addresses, region } = context;
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: stateXml(instance.state),
    privateDnsName: instance.privateIpAddress ? addresses.privateDnsName(instance.privateIpAddress) : '',
    dnsName: instance.publicIpAddress ? addresses.publicDnsName(instance.publicIpAddress) : '',
    reason: instance.stateTransitionReason,
    amiLaunchIndex: instance.amiLaunchIndex,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime: new Date(instance.launchTime).toISOString(),
    placement: { availabilityZone: `${region}a`, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    privateIpAddress: instance.privateIpAddress,
    ipAddress: instance.publicIpAddress,
    groupSet: [],
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/sda1',
    virtualizationType: 'hvm',
    clientToken: instance.clientToken,
    tagSet: tagSetXml(instance.tags),
    hypervisor: 'xen',
  };
}

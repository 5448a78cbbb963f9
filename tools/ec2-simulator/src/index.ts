export type { CallCounts } from './control/call-counts';
export type { Fault, FaultKind, FaultSpec } from './control/fault';
export type { Ec2Simulator } from './ec2-simulator';
export type { Ec2SimulatorOptions } from './ec2-simulator-options';
export type { InstanceHooks, RunningInstanceResult } from './model/instance-hooks';
export type { InstanceSnapshot } from './model/instance-snapshot';
export type { InstanceStateName } from './model/instance-state';
export type { LifecycleDurations } from './model/lifecycle-durations';
export type { SimulatedImage } from './model/simulated-image';

export { ControlRequestError } from './control/control-request-error';
export { startEc2Simulator } from './ec2-simulator';
export { DEFAULT_IMAGES } from './model/default-images';
export { INSTANCE_STATE_CODES } from './model/instance-state';
export { SIM_ENDPOINT_TAG } from './model/sim-endpoint-tag';
export { DEFAULT_LIFECYCLE_DURATIONS } from './model/lifecycle-durations';

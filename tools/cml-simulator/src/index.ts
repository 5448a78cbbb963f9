export type { CmlSimulator, CmlSimulatorControl } from './cml-simulator';
export type { CmlSimulatorOptions, SimulatedUserSeed } from './cml-simulator-options';
export type { Exchange } from './exchange-log';
export type { FaultRule, SimulatedFault } from './fault-injector';
export type { RegistrationStatus } from './licensing-state';
export type { SimulatedLabSnapshot, SimulatorSnapshot } from './simulated-controller';
export type { TopologyValidation } from './topology-validator';

export { startCmlSimulator } from './cml-simulator';
export { buildTopology } from './topology-builder';
export { TopologyValidator } from './topology-validator';

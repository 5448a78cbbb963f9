// session-manager's public API for the tools beside it (`npm run bench -- placement`): the pure placement
// and capacity-window functions, which load no framework and no I/O. The service starts from main.ts.
export type { Allocation } from './domain/entities/allocation';
export type { SessionDemand } from './domain/entities/session-demand';
export type { FreeCapacity } from './domain/services/capacity-window';
export { freeCapacityDuring } from './domain/services/capacity-window';
export type {
  PlacementDecision,
  PlacementRequest,
  PlacementWorker,
} from './domain/services/placement.service';
export { allocationFor, licenceAllows, placeSessions } from './domain/services/placement.service';

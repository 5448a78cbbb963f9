import { type AggregateRoot } from '@lcm/neuro-core';
import type { RepositoryRegistration } from '@lcm/neuro-core/hosting';
import { CapacityShortfall } from '../../domain/entities/capacity-shortfall.aggregate';
import { LabletDefinitionView } from '../../domain/entities/lablet-definition-view.aggregate';
import { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import { WorkerAllocation } from '../../domain/entities/worker-allocation.aggregate';
import { WorkerCapacity } from '../../domain/entities/worker-capacity.aggregate';
import { CAPACITY_SHORTFALL_REPOSITORY } from '../../domain/repositories/capacity-shortfall.repository';
import { LABLET_DEFINITION_VIEW_REPOSITORY } from '../../domain/repositories/lablet-definition-view.repository';
import { LABLET_SESSION_REPOSITORY } from '../../domain/repositories/lablet-session.repository';
import { WORKER_ALLOCATION_REPOSITORY } from '../../domain/repositories/worker-allocation.repository';
import { WORKER_CAPACITY_REPOSITORY } from '../../domain/repositories/worker-capacity.repository';

/** Rebuilds a stored aggregate: every aggregate here takes (id, state, stateVersion) as it is. */
function rehydrateAs<S extends object>(
  type: new (id: string, state: S, stateVersion: number) => AggregateRoot<S>,
): RepositoryRegistration['rehydrate'] {
  return (id: string, state: S, stateVersion: number) => new type(id, state, stateVersion);
}

/**
 * session-manager's collections: its sessions, the per-worker allocations, the capacity shortfalls and the
 * worker and definition read models. The host builds an in-memory or MongoDB repository (with these
 * indexes) for each and binds it to the domain token.
 */
export const sessionManagerRepositories: readonly RepositoryRegistration[] = [
  {
    token: LABLET_SESSION_REPOSITORY,
    collection: 'lablet_sessions',
    rehydrate: rehydrateAs(LabletSession),
    indexes: [{ key: { status: 1, timeslotStart: 1 } }, { key: { ownerId: 1, timeslotStart: -1 } }],
  },
  {
    token: WORKER_ALLOCATION_REPOSITORY,
    collection: 'worker_allocations',
    rehydrate: rehydrateAs(WorkerAllocation),
  },
  {
    token: CAPACITY_SHORTFALL_REPOSITORY,
    collection: 'capacity_shortfalls',
    rehydrate: rehydrateAs(CapacityShortfall),
  },
  {
    token: WORKER_CAPACITY_REPOSITORY,
    collection: 'worker_capacities',
    rehydrate: rehydrateAs(WorkerCapacity),
    indexes: [{ key: { status: 1 } }],
  },
  {
    token: LABLET_DEFINITION_VIEW_REPOSITORY,
    collection: 'lablet_definitions',
    rehydrate: rehydrateAs(LabletDefinitionView),
    indexes: [{ key: { name: 1, version: 1 } }],
  },
];

import type { RepositoryRegistration } from '@lcm/neuro-core/hosting';
import { KnownWorker } from '../../domain/entities/known-worker.aggregate';
import { LabRecord } from '../../domain/entities/lab-record.aggregate';
import { LabletDefinition } from '../../domain/entities/lablet-definition.aggregate';
import { WorkerPortAllocation } from '../../domain/entities/worker-port-allocation.aggregate';
import { KNOWN_WORKER_REPOSITORY } from '../../domain/repositories/known-worker.repository';
import { LAB_RECORD_REPOSITORY } from '../../domain/repositories/lab-record.repository';
import { LABLET_DEFINITION_REPOSITORY } from '../../domain/repositories/lablet-definition.repository';
import { WORKER_PORT_ALLOCATION_REPOSITORY } from '../../domain/repositories/worker-port-allocation.repository';

/**
 * lab-manager's collections: the host builds each as a MongoRepository (with these indexes) or an
 * InMemoryRepository and binds it to its token.
 */
export const labManagerRepositories: readonly RepositoryRegistration[] = [
  {
    token: LABLET_DEFINITION_REPOSITORY,
    collection: 'lablet_definitions',
    rehydrate: LabletDefinition.rehydrate,
    indexes: [{ key: { name: 1, version: 1 }, unique: true }],
  },
  {
    token: LAB_RECORD_REPOSITORY,
    collection: 'lab_records',
    rehydrate: LabRecord.rehydrate,
    indexes: [{ key: { workerId: 1, status: 1 } }, { key: { boundSessionId: 1 } }, { key: { cmlLabId: 1 } }],
  },
  {
    token: WORKER_PORT_ALLOCATION_REPOSITORY,
    collection: 'worker_port_allocations',
    rehydrate: WorkerPortAllocation.rehydrate,
  },
  { token: KNOWN_WORKER_REPOSITORY, collection: 'known_workers', rehydrate: KnownWorker.rehydrate },
];

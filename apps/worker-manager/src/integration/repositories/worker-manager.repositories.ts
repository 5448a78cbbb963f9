import type { RepositoryRegistration } from '@lcm/neuro-core/hosting';
import { CapacityRequest } from '../../domain/entities/capacity-request.aggregate';
import { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { OrphanInstance } from '../../domain/entities/orphan-instance.aggregate';
import { SessionActivity } from '../../domain/entities/session-activity.aggregate';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import { CAPACITY_REQUEST_REPOSITORY } from '../../domain/repositories/capacity-request.repository';
import { ORPHAN_INSTANCE_REPOSITORY } from '../../domain/repositories/orphan-instance.repository';
import { SESSION_ACTIVITY_REPOSITORY } from '../../domain/repositories/session-activity.repository';
import { WORKER_TEMPLATE_REPOSITORY } from '../../domain/repositories/worker-template.repository';
import { WORKER_REPOSITORY } from '../../domain/repositories/worker.repository';

/**
 * worker-manager's collections: the host builds an in-memory or MongoDB repository (with these indexes)
 * for each and binds it to the domain token.
 */
export const workerManagerRepositories: readonly RepositoryRegistration[] = [
  {
    token: WORKER_REPOSITORY,
    collection: 'workers',
    rehydrate: CmlWorker.rehydrate,
    indexes: [
      { key: { status: 1 }, name: 'status' },
      { key: { ec2InstanceId: 1 }, name: 'ec2_instance_id' },
      { key: { templateName: 1, region: 1 }, name: 'template_region' },
    ],
  },
  { token: WORKER_TEMPLATE_REPOSITORY, collection: 'worker_templates', rehydrate: WorkerTemplate.rehydrate },
  {
    token: SESSION_ACTIVITY_REPOSITORY,
    collection: 'session_activity',
    rehydrate: SessionActivity.rehydrate,
    indexes: [{ key: { workerId: 1, status: 1 }, name: 'worker_status' }],
  },
  {
    token: CAPACITY_REQUEST_REPOSITORY,
    collection: 'capacity_requests',
    rehydrate: CapacityRequest.rehydrate,
  },
  { token: ORPHAN_INSTANCE_REPOSITORY, collection: 'orphan_instances', rehydrate: OrphanInstance.rehydrate },
];

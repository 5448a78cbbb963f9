import { eventProducers } from '@lcm/contracts';
import { SERVICE_TOKENS, type ServiceTokens } from '@lcm/neuro-core';
import type { RepositoryRegistration, ServiceDefinition } from '@lcm/neuro-core/hosting';
import { TimeslotsController } from './api/controllers/timeslots.controller';
import { LabletSessionsController } from './api/controllers/lablet-sessions.controller';
import { AdvanceSessionTimersCommandHandler } from './application/commands/advance-session-timers.command';
import { CancelSessionCommandHandler } from './application/commands/cancel-session.command';
import { CollectSessionCommandHandler } from './application/commands/collect-session.command';
import { ExtendSessionCommandHandler } from './application/commands/extend-session.command';
import { PlaceSessionsCommandHandler } from './application/commands/place-sessions.command';
import { RecordCollectionCompletedCommandHandler } from './application/commands/record-collection-completed.command';
import { RecordGradingCompletedCommandHandler } from './application/commands/record-grading-completed.command';
import { RecordLabFailedCommandHandler } from './application/commands/record-lab-failed.command';
import { RecordLabReadyCommandHandler } from './application/commands/record-lab-ready.command';
import { RecordLabReleasedCommandHandler } from './application/commands/record-lab-released.command';
import { RecordLabletDefinitionCommandHandler } from './application/commands/record-lablet-definition.command';
import { RecordWorkerSnapshotCommandHandler } from './application/commands/record-worker-snapshot.command';
import { RequestSessionCommandHandler } from './application/commands/request-session.command';
import { StartSessionCommandHandler } from './application/commands/start-session.command';
import { StopSessionCommandHandler } from './application/commands/stop-session.command';
import { TerminateSessionCommandHandler } from './application/commands/terminate-session.command';
import { CollectionCompletedReceiver } from './application/events/collection-completed.handler';
import { GradingCompletedReceiver } from './application/events/grading-completed.handler';
import { LabFailedReceiver } from './application/events/lab-failed.handler';
import { LabReadyReceiver } from './application/events/lab-ready.handler';
import { LabReleasedReceiver } from './application/events/lab-released.handler';
import { labletDefinitionEventHandlers } from './application/events/lablet-definition-events.handler';
import { LogSessionStatus } from './application/events/log-session-status.handler';
import { PlaceNewSession } from './application/events/place-new-session.handler';
import { ReleaseAllocationOnSessionEnd } from './application/events/release-allocation-on-session-end.handler';
import { workerEventHandlers } from './application/events/worker-events.handler';
import { declarePlacementJobs, jobPlacementTrigger } from './application/jobs/placement.jobs';
import { declareSessionTimersJob } from './application/jobs/session-timers.job';
import { GetLabletSessionQueryHandler } from './application/queries/get-lablet-session.query';
import { GetLabletSessionsQueryHandler } from './application/queries/get-lablet-sessions.query';
import { GetSessionAccessQueryHandler } from './application/queries/get-session-access.query';
import { GetTimeslotAvailabilityQueryHandler } from './application/queries/get-timeslot-availability.query';
import { PLACEMENT_TRIGGER } from './application/services/placement-trigger';
import { type SessionManagerSettings, sessionManagerSettings } from './application/settings';
import {
  CapacityShortfall,
  type CapacityShortfallState,
} from './domain/entities/capacity-shortfall.aggregate';
import {
  LabletDefinitionView,
  type LabletDefinitionViewState,
} from './domain/entities/lablet-definition-view.aggregate';
import { LabletSession, type LabletSessionState } from './domain/entities/lablet-session.aggregate';
import { WorkerAllocation, type WorkerAllocationState } from './domain/entities/worker-allocation.aggregate';
import { WorkerCapacity, type WorkerCapacityState } from './domain/entities/worker-capacity.aggregate';
import { CAPACITY_SHORTFALL_REPOSITORY } from './domain/repositories/capacity-shortfall.repository';
import { LABLET_DEFINITION_VIEW_REPOSITORY } from './domain/repositories/lablet-definition-view.repository';
import { LABLET_SESSION_REPOSITORY } from './domain/repositories/lablet-session.repository';
import { WORKER_ALLOCATION_REPOSITORY } from './domain/repositories/worker-allocation.repository';
import { WORKER_CAPACITY_REPOSITORY } from './domain/repositories/worker-capacity.repository';
import { LAB_CREDENTIALS_PROVIDER } from './domain/services/lab-credentials';
import { LabCredentialsClient } from './integration/services/lab-credentials.client';

/** Every command, query and event handler of session-manager. */
export const sessionManagerHandlers = [
  RequestSessionCommandHandler,
  PlaceSessionsCommandHandler,
  AdvanceSessionTimersCommandHandler,
  StartSessionCommandHandler,
  StopSessionCommandHandler,
  ExtendSessionCommandHandler,
  CollectSessionCommandHandler,
  CancelSessionCommandHandler,
  TerminateSessionCommandHandler,
  RecordLabReadyCommandHandler,
  RecordLabFailedCommandHandler,
  RecordLabReleasedCommandHandler,
  RecordCollectionCompletedCommandHandler,
  RecordGradingCompletedCommandHandler,
  RecordWorkerSnapshotCommandHandler,
  RecordLabletDefinitionCommandHandler,
  GetLabletSessionQueryHandler,
  GetLabletSessionsQueryHandler,
  GetSessionAccessQueryHandler,
  GetTimeslotAvailabilityQueryHandler,
  LabReadyReceiver,
  LabFailedReceiver,
  LabReleasedReceiver,
  CollectionCompletedReceiver,
  GradingCompletedReceiver,
  ...workerEventHandlers,
  ...labletDefinitionEventHandlers,
  ReleaseAllocationOnSessionEnd,
  PlaceNewSession,
  LogSessionStatus,
];

/** The repositories session-manager owns: its sessions, the per-worker allocations, shortfalls and read models. */
export const sessionManagerRepositories: readonly RepositoryRegistration[] = [
  {
    token: LABLET_SESSION_REPOSITORY,
    collection: 'lablet_sessions',
    rehydrate: (id: string, state: LabletSessionState, version: number) =>
      new LabletSession(id, state, version),
    indexes: [{ key: { status: 1, timeslotStart: 1 } }, { key: { ownerId: 1, timeslotStart: -1 } }],
  },
  {
    token: WORKER_ALLOCATION_REPOSITORY,
    collection: 'worker_allocations',
    rehydrate: (id: string, state: WorkerAllocationState, version: number) =>
      new WorkerAllocation(id, state, version),
  },
  {
    token: CAPACITY_SHORTFALL_REPOSITORY,
    collection: 'capacity_shortfalls',
    rehydrate: (id: string, state: CapacityShortfallState, version: number) =>
      new CapacityShortfall(id, state, version),
  },
  {
    token: WORKER_CAPACITY_REPOSITORY,
    collection: 'worker_capacities',
    rehydrate: (id: string, state: WorkerCapacityState, version: number) =>
      new WorkerCapacity(id, state, version),
    indexes: [{ key: { status: 1 } }],
  },
  {
    token: LABLET_DEFINITION_VIEW_REPOSITORY,
    collection: 'lablet_definitions',
    rehydrate: (id: string, state: LabletDefinitionViewState, version: number) =>
      new LabletDefinitionView(id, state, version),
    indexes: [{ key: { name: 1, version: 1 } }],
  },
];

/**
 * session-manager: reservations, timeslots, placement on workers and the session lifecycle (domain.md).
 * Knows the other services only through CloudEvents (worker and definition read models, lab and
 * assessment events), except for reading a lab's password from lab-manager when its owner asks.
 */
export const sessionManagerService: ServiceDefinition<SessionManagerSettings> = {
  name: 'session-manager',
  title: 'LCM session-manager',
  version: '0.1.0',
  settings: sessionManagerSettings,
  repositories: sessionManagerRepositories,
  eventProducers,
  handlers: sessionManagerHandlers,
  controllers: [LabletSessionsController, TimeslotsController],
  configure({ container, settings, jobs }) {
    container.bind(PLACEMENT_TRIGGER).toConstantValue(jobPlacementTrigger(jobs));
    container.bind(LAB_CREDENTIALS_PROVIDER).toConstantValue(
      new LabCredentialsClient({
        baseUrl: settings.LAB_MANAGER_URL,
        tokens: container.get<ServiceTokens>(SERVICE_TOKENS),
      }),
    );
  },
  jobs({ jobs, settings }) {
    declarePlacementJobs(jobs, settings.PLACEMENT_INTERVAL_SECONDS);
    declareSessionTimersJob(jobs, settings.TIMER_INTERVAL_SECONDS);
  },
};

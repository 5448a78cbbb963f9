import type { Constructor } from '@lcm/neuro-core';
import { CancelDrainWorkerCommandHandler } from './commands/cancel-drain-worker.command';
import { CreateWorkerTemplateCommandHandler } from './commands/create-worker-template.command';
import { CreateWorkerCommandHandler } from './commands/create-worker.command';
import { DeregisterLicenseCommandHandler } from './commands/deregister-license.command';
import { DisableWorkerTemplateCommandHandler } from './commands/disable-worker-template.command';
import { DrainWorkerCommandHandler } from './commands/drain-worker.command';
import { HandleCapacityRequestCommandHandler } from './commands/handle-capacity-request.command';
import { ImportWorkerCommandHandler } from './commands/import-worker.command';
import { PollLicenseCommandHandler } from './commands/poll-license.command';
import { ReconcileFleetCommandHandler } from './commands/reconcile-fleet.command';
import { ReconcileWorkerCommandHandler } from './commands/reconcile-worker.command';
import { RecordSessionActivityCommandHandler } from './commands/record-session-activity.command';
import { RefreshWorkerCommandHandler } from './commands/refresh-worker.command';
import { RegisterLicenseCommandHandler } from './commands/register-license.command';
import { RunLicenseDeregistrationCommandHandler } from './commands/run-license-deregistration.command';
import { SeedWorkerTemplatesCommandHandler } from './commands/seed-worker-templates.command';
import { StartWorkerCommandHandler } from './commands/start-worker.command';
import { StopWorkerCommandHandler } from './commands/stop-worker.command';
import { TerminateWorkerCommandHandler } from './commands/terminate-worker.command';
import { UpdateWorkerTemplateCommandHandler } from './commands/update-worker-template.command';
import { UpdateWorkerCommandHandler } from './commands/update-worker.command';
import { WorkerManagerInboundEvents } from './events/inbound-events';
import { GetWorkerIdleStatusQueryHandler } from './queries/get-worker-idle-status.query';
import { GetWorkerTemplateQueryHandler } from './queries/get-worker-template.query';
import { GetWorkerTemplatesQueryHandler } from './queries/get-worker-templates.query';
import { GetWorkerQueryHandler } from './queries/get-worker.query';
import { GetWorkersQueryHandler } from './queries/get-workers.query';

/** Every command, query and event handler of worker-manager, registered with the mediator at start. */
export const workerManagerHandlers: readonly Constructor[] = [
  CreateWorkerTemplateCommandHandler,
  UpdateWorkerTemplateCommandHandler,
  DisableWorkerTemplateCommandHandler,
  SeedWorkerTemplatesCommandHandler,
  CreateWorkerCommandHandler,
  ImportWorkerCommandHandler,
  StartWorkerCommandHandler,
  StopWorkerCommandHandler,
  DrainWorkerCommandHandler,
  CancelDrainWorkerCommandHandler,
  RefreshWorkerCommandHandler,
  TerminateWorkerCommandHandler,
  UpdateWorkerCommandHandler,
  RegisterLicenseCommandHandler,
  DeregisterLicenseCommandHandler,
  PollLicenseCommandHandler,
  RunLicenseDeregistrationCommandHandler,
  ReconcileFleetCommandHandler,
  ReconcileWorkerCommandHandler,
  RecordSessionActivityCommandHandler,
  HandleCapacityRequestCommandHandler,
  GetWorkersQueryHandler,
  GetWorkerQueryHandler,
  GetWorkerIdleStatusQueryHandler,
  GetWorkerTemplatesQueryHandler,
  GetWorkerTemplateQueryHandler,
  WorkerManagerInboundEvents,
];

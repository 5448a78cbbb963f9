import type { Constructor } from '@lcm/neuro-core';
import { AdvanceSessionTimersCommandHandler } from './commands/advance-session-timers.command';
import { CancelSessionCommandHandler } from './commands/cancel-session.command';
import { CollectSessionCommandHandler } from './commands/collect-session.command';
import { ExtendSessionCommandHandler } from './commands/extend-session.command';
import { PlaceSessionsCommandHandler } from './commands/place-sessions.command';
import { RecordCollectionCompletedCommandHandler } from './commands/record-collection-completed.command';
import { RecordGradingCompletedCommandHandler } from './commands/record-grading-completed.command';
import { RecordLabFailedCommandHandler } from './commands/record-lab-failed.command';
import { RecordLabReadyCommandHandler } from './commands/record-lab-ready.command';
import { RecordLabReleasedCommandHandler } from './commands/record-lab-released.command';
import { RecordLabletDefinitionCommandHandler } from './commands/record-lablet-definition.command';
import { RecordWorkerSnapshotCommandHandler } from './commands/record-worker-snapshot.command';
import { RequestSessionCommandHandler } from './commands/request-session.command';
import { StartSessionCommandHandler } from './commands/start-session.command';
import { StopSessionCommandHandler } from './commands/stop-session.command';
import { TerminateSessionCommandHandler } from './commands/terminate-session.command';
import { SessionManagerInboundEvents } from './events/inbound-events';
import { LogSessionStatus } from './events/log-session-status.handler';
import { PlaceNewSession } from './events/place-new-session.handler';
import { ReleaseAllocationOnSessionEnd } from './events/release-allocation-on-session-end.handler';
import { GetLabletSessionQueryHandler } from './queries/get-lablet-session.query';
import { GetLabletSessionsQueryHandler } from './queries/get-lablet-sessions.query';
import { GetSessionAccessQueryHandler } from './queries/get-session-access.query';
import { GetTimeslotAvailabilityQueryHandler } from './queries/get-timeslot-availability.query';

/** Every command, query, domain-event handler and the inbound CloudEvents table of session-manager. */
export const sessionManagerHandlers: readonly Constructor[] = [
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
  SessionManagerInboundEvents,
  ReleaseAllocationOnSessionEnd,
  PlaceNewSession,
  LogSessionStatus,
];

import type { Constructor } from '@lcm/neuro-core';
import { CreateLabletDefinitionCommandHandler } from './commands/create-lablet-definition.command';
import { ImportLabCommandHandler } from './commands/import-lab.command';
import { RecordWorkerSnapshotCommandHandler } from './commands/record-worker-snapshot.command';
import { ReleaseSessionLabCommandHandler } from './commands/release-session-lab.command';
import { RequestLabOperationCommandHandler } from './commands/request-lab-operation.command';
import { RequestLabReleaseCommandHandler } from './commands/request-lab-release.command';
import { RequestLabStartCommandHandler } from './commands/request-lab-start.command';
import { ReserveSessionLabCommandHandler } from './commands/reserve-session-lab.command';
import { RunLabOperationCommandHandler } from './commands/run-lab-operation.command';
import { SetLabletDefinitionEnabledCommandHandler } from './commands/set-lablet-definition-enabled.command';
import { StartSessionLabCommandHandler } from './commands/start-session-lab.command';
import { SyncLabsCommandHandler } from './commands/sync-labs.command';
import { LabManagerInboundEvents } from './events/inbound-events';
import { GetLabRecordCredentialsQueryHandler } from './queries/get-lab-record-credentials.query';
import { GetLabRecordTopologyQueryHandler } from './queries/get-lab-record-topology.query';
import { GetLabRecordQueryHandler } from './queries/get-lab-record.query';
import { GetLabRecordsQueryHandler } from './queries/get-lab-records.query';
import { GetLabletDefinitionQueryHandler } from './queries/get-lablet-definition.query';
import { GetLabletDefinitionsQueryHandler } from './queries/get-lablet-definitions.query';

/**
 * Every command, query and event handler of lab-manager, registered with the mediator at start; the
 * inbound CloudEvents are one forwarding table.
 */
export const labManagerHandlers: readonly Constructor[] = [
  CreateLabletDefinitionCommandHandler,
  SetLabletDefinitionEnabledCommandHandler,
  ReserveSessionLabCommandHandler,
  ImportLabCommandHandler,
  RequestLabStartCommandHandler,
  StartSessionLabCommandHandler,
  RequestLabReleaseCommandHandler,
  ReleaseSessionLabCommandHandler,
  RequestLabOperationCommandHandler,
  RunLabOperationCommandHandler,
  RecordWorkerSnapshotCommandHandler,
  SyncLabsCommandHandler,
  GetLabletDefinitionsQueryHandler,
  GetLabletDefinitionQueryHandler,
  GetLabRecordsQueryHandler,
  GetLabRecordQueryHandler,
  GetLabRecordTopologyQueryHandler,
  GetLabRecordCredentialsQueryHandler,
  LabManagerInboundEvents,
];

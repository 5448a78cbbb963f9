import {
  AssessmentEventTypes,
  CollectionCompletedSchema,
  GradingCompletedSchema,
  LabEventTypes,
  LabFailedSchema,
  LabReadySchema,
  LabReleasedSchema,
  LabletDefinitionEventTypes,
  LabletDefinitionSchema,
  WorkerEventTypes,
  WorkerSnapshotSchema,
} from '@lcm/contracts';
import { forEachType, forwardEvents } from '@lcm/neuro-core';
import { RecordCollectionCompletedCommand } from '../commands/record-collection-completed.command';
import { RecordGradingCompletedCommand } from '../commands/record-grading-completed.command';
import { RecordLabFailedCommand } from '../commands/record-lab-failed.command';
import { RecordLabReadyCommand } from '../commands/record-lab-ready.command';
import { RecordLabReleasedCommand } from '../commands/record-lab-released.command';
import { RecordLabletDefinitionCommand } from '../commands/record-lablet-definition.command';
import { RecordWorkerSnapshotCommand } from '../commands/record-worker-snapshot.command';

/** Every worker event carries the worker's whole snapshot, except orphan-detected (an instance, no worker). */
const workerSnapshotTypes = Object.values(WorkerEventTypes).filter(
  (type) => type !== WorkerEventTypes.orphanDetected,
);

/**
 * Every CloudEvent session-manager consumes, and the command each one runs: lab-manager's lab outcomes and
 * the assessment system's results move sessions along; worker and definition events feed the read models
 * placement and requests use, dated by the event's `time` so a late older event cannot undo a newer one.
 */
export const SessionManagerInboundEvents = forwardEvents('SessionManagerInboundEvents', {
  [LabEventTypes.ready]: {
    schema: LabReadySchema,
    toCommand: (lab) =>
      new RecordLabReadyCommand(lab.sessionId, lab.labRecordId, lab.accessUrl, lab.username, lab.ports),
  },
  [LabEventTypes.failed]: {
    schema: LabFailedSchema,
    toCommand: (lab) => new RecordLabFailedCommand(lab.sessionId, lab.reason, lab.workerId),
  },
  [LabEventTypes.released]: {
    schema: LabReleasedSchema,
    toCommand: (lab) => new RecordLabReleasedCommand(lab.sessionId, lab.workerId),
  },
  [AssessmentEventTypes.collectionCompleted]: {
    schema: CollectionCompletedSchema,
    toCommand: (result) => new RecordCollectionCompletedCommand(result.sessionId),
  },
  [AssessmentEventTypes.gradingCompleted]: {
    schema: GradingCompletedSchema,
    toCommand: (result) => new RecordGradingCompletedCommand(result.sessionId, result.score),
  },
  ...forEachType(workerSnapshotTypes, {
    schema: WorkerSnapshotSchema,
    toCommand: (snapshot, { time }) => new RecordWorkerSnapshotCommand(snapshot, time.toISOString()),
  }),
  ...forEachType(Object.values(LabletDefinitionEventTypes), {
    schema: LabletDefinitionSchema,
    toCommand: ({ definitionId, ...definition }, { time }) =>
      new RecordLabletDefinitionCommand(definitionId, { ...definition, observedAt: time.toISOString() }),
  }),
});

import type { ZodType } from 'zod';
import { AssessmentEventTypes, CollectionCompletedSchema, GradingCompletedSchema } from './assessment.events';
import { CapacityEventTypes, CapacityRequestedSchema } from './capacity.events';
import {
  LabEventTypes,
  LabFailedSchema,
  LabOrphanDetectedSchema,
  LabReadySchema,
  LabReleasedSchema,
  LabStateChangedSchema,
} from './lab.events';
import { LabletDefinitionEventTypes, LabletDefinitionSchema } from './lablet-definition.events';
import { SessionEventTypes, SessionExpiringSchema, SessionSnapshotSchema } from './session.events';
import {
  WorkerCreatedSchema,
  WorkerDrainCancelledSchema,
  WorkerDrainingSchema,
  WorkerEndpointChangedSchema,
  WorkerEventTypes,
  WorkerHealthChangedSchema,
  WorkerLicenseChangedSchema,
  WorkerMetricsUpdatedSchema,
  WorkerOrphanDetectedSchema,
  WorkerStatusChangedSchema,
  WorkerTerminatedSchema,
} from './worker.events';
import { WorkerTemplateEventTypes, WorkerTemplateSchema } from './worker-template.events';
import type { EventParty, EventProducer } from './event-party';

/** One CloudEvent type of the LCM contract. */
export interface EventContract {
  readonly type: string;
  /** The only party allowed to send it: receivers refuse the type from anyone else. */
  readonly producer: EventProducer;
  readonly consumers: readonly EventParty[];
  readonly summary: string;
  readonly data: ZodType;
}

/** Every session event: worker-manager counts sessions per worker (idle stop), portals follow them. */
const sessionConsumers: EventParty[] = ['worker-manager', 'any-subscriber'];
/** The session events that move a lab: lab-manager reserves, starts, stops and releases on them. */
const labMovingSessionConsumers: EventParty[] = ['lab-manager', ...sessionConsumers];

/**
 * Every CloudEvent type LCM sends or expects, with its producer, consumers and `data` schema. Services
 * validate incoming `data` with these schemas, and docs/events.md is generated from this list.
 */
export const eventCatalog: readonly EventContract[] = [
  {
    type: WorkerEventTypes.created,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: 'A worker was created (PENDING).',
    data: WorkerCreatedSchema,
  },
  {
    type: WorkerEventTypes.statusChanged,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: 'A worker moved from one status to another, with the reason.',
    data: WorkerStatusChangedSchema,
  },
  {
    type: WorkerEventTypes.endpointChanged,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: "A worker's IPs or CML HTTPS endpoint changed (set when started, cleared when stopped).",
    data: WorkerEndpointChangedSchema,
  },
  {
    type: WorkerEventTypes.metricsUpdated,
    producer: 'worker-manager',
    consumers: ['session-manager', 'any-subscriber'],
    summary: 'CML metrics of a worker moved by 5% or more.',
    data: WorkerMetricsUpdatedSchema,
  },
  {
    type: WorkerEventTypes.draining,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: 'A worker takes no new sessions and stops once its last session ends.',
    data: WorkerDrainingSchema,
  },
  {
    type: WorkerEventTypes.drainCancelled,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: 'A draining worker is back to RUNNING.',
    data: WorkerDrainCancelledSchema,
  },
  {
    type: WorkerEventTypes.licenseChanged,
    producer: 'worker-manager',
    consumers: ['session-manager'],
    summary: "A worker's CML licence status or operation changed.",
    data: WorkerLicenseChangedSchema,
  },
  {
    type: WorkerEventTypes.healthChanged,
    producer: 'worker-manager',
    consumers: ['session-manager', 'any-subscriber'],
    summary:
      "A RUNNING worker's health checks failed HEALTH_FAILURE_THRESHOLD times in a row (DEGRADED or UNAVAILABLE: no new sessions), or it recovered (AVAILABLE).",
    data: WorkerHealthChangedSchema,
  },
  {
    type: WorkerEventTypes.terminated,
    producer: 'worker-manager',
    consumers: ['session-manager', 'lab-manager'],
    summary: 'A worker is TERMINATED (its record stays).',
    data: WorkerTerminatedSchema,
  },
  {
    type: WorkerEventTypes.orphanDetected,
    producer: 'worker-manager',
    consumers: ['any-subscriber'],
    summary: 'An EC2 instance tagged as managed by LCM that no worker knows.',
    data: WorkerOrphanDetectedSchema,
  },
  {
    type: WorkerTemplateEventTypes.created,
    producer: 'worker-manager',
    consumers: ['any-subscriber'],
    summary: 'A worker template was added.',
    data: WorkerTemplateSchema,
  },
  {
    type: WorkerTemplateEventTypes.updated,
    producer: 'worker-manager',
    consumers: ['any-subscriber'],
    summary: 'A worker template changed.',
    data: WorkerTemplateSchema,
  },
  {
    type: WorkerTemplateEventTypes.disabled,
    producer: 'worker-manager',
    consumers: ['any-subscriber'],
    summary: 'A worker template is no longer used for new workers.',
    data: WorkerTemplateSchema,
  },
  {
    type: CapacityEventTypes.requested,
    producer: 'session-manager',
    consumers: ['worker-manager'],
    summary: 'Sessions need more capacity than the RUNNING workers have; one per shortfall.',
    data: CapacityRequestedSchema,
  },
  {
    type: LabletDefinitionEventTypes.created,
    producer: 'lab-manager',
    consumers: ['session-manager'],
    summary: 'A lablet definition version was added.',
    data: LabletDefinitionSchema,
  },
  {
    type: LabletDefinitionEventTypes.updated,
    producer: 'lab-manager',
    consumers: ['session-manager'],
    summary: 'A lablet definition version was enabled or disabled.',
    data: LabletDefinitionSchema,
  },
  {
    type: LabEventTypes.ready,
    producer: 'lab-manager',
    consumers: ['session-manager'],
    summary:
      "A session's lab is started and converged; carries the access URL, username and ports, never the password.",
    data: LabReadySchema,
  },
  {
    type: LabEventTypes.released,
    producer: 'lab-manager',
    consumers: ['session-manager'],
    summary: "A session's lab is stopped and wiped and its CML user removed.",
    data: LabReleasedSchema,
  },
  {
    type: LabEventTypes.failed,
    producer: 'lab-manager',
    consumers: ['session-manager'],
    summary:
      "A session's lab could not be prepared after retries, or vanished from its worker while the session held it (reason `LAB_VANISHED: …`).",
    data: LabFailedSchema,
  },
  {
    type: LabEventTypes.stateChanged,
    producer: 'lab-manager',
    consumers: ['any-subscriber'],
    summary: 'Labs sync saw a CML lab change state.',
    data: LabStateChangedSchema,
  },
  {
    type: LabEventTypes.orphanDetected,
    producer: 'lab-manager',
    consumers: ['any-subscriber'],
    summary: 'A lab on a worker that no lab record knows.',
    data: LabOrphanDetectedSchema,
  },
  {
    type: SessionEventTypes.created,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'A session was requested (PENDING).',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.scheduled,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary: 'A session was placed on a worker; lab-manager reserves its lab and ports.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.instantiating,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary: 'The lab lead time was reached; lab-manager creates the CML user and starts the lab.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.ready,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'The lab is ready; the owner can read its access.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.running,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'The timeslot started (or the owner started early).',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.collecting,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: "Grading was requested; the assessment system collects the session's results.",
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.grading,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'The results were collected; the session waits for its grade.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.expiring,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'A READY or RUNNING session ends in `minutesLeft` (EXPIRY_WARNING_MINUTES): warn its owner.',
    data: SessionExpiringSchema,
  },
  {
    type: SessionEventTypes.requeued,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary:
      'A placed session whose lab or worker failed before READY is PENDING again, to be placed once on another worker; lab-manager releases its lab.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.stopping,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary: 'The session is ending; lab-manager stops and wipes the lab.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.stopped,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'The lab was released; the session is over.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.failed,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary: 'The lab could not be prepared in time.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.expired,
    producer: 'session-manager',
    consumers: sessionConsumers,
    summary: 'No worker could be found before the timeslot started.',
    data: SessionSnapshotSchema,
  },
  {
    type: SessionEventTypes.cancelled,
    producer: 'session-manager',
    consumers: labMovingSessionConsumers,
    summary: 'The owner or an admin cancelled before instantiation.',
    data: SessionSnapshotSchema,
  },
  {
    type: AssessmentEventTypes.collectionCompleted,
    producer: 'assessment-system',
    consumers: ['session-manager'],
    summary: "The assessment system collected a session's results.",
    data: CollectionCompletedSchema,
  },
  {
    type: AssessmentEventTypes.gradingCompleted,
    producer: 'assessment-system',
    consumers: ['session-manager'],
    summary: 'The assessment system graded a session.',
    data: GradingCompletedSchema,
  },
];

export type {
  AllocatedPorts,
  LicenseType,
  ResourceRequirements,
  WorkerCapacity,
} from './events/common.schemas';
export {
  AllocatedPortsSchema,
  LicenseTypeSchema,
  ResourceRequirementsSchema,
  TimestampSchema,
  WorkerCapacitySchema,
} from './events/common.schemas';
export {
  AssessmentEventTypes,
  CollectionCompletedSchema,
  GradingCompletedSchema,
} from './events/assessment.events';
export type { CapacityDemand, CapacityRequested } from './events/capacity.events';
export { CapacityDemandSchema, CapacityEventTypes, CapacityRequestedSchema } from './events/capacity.events';
export type { EventContract } from './events/event-catalog';
export { eventCatalog } from './events/event-catalog';
export type { EventParty, EventProducer, LcmService } from './events/event-party';
export { externalProducers, lcmServices } from './events/event-party';
export { eventProducers, producerOf } from './events/event-producers';
export {
  CmlLabStateSchema,
  LabEventTypes,
  LabFailedSchema,
  LabOrphanDetectedSchema,
  LabReadySchema,
  LabReleasedSchema,
  LabStateChangedSchema,
} from './events/lab.events';
export type { LabletDefinitionData } from './events/lablet-definition.events';
export { LabletDefinitionEventTypes, LabletDefinitionSchema } from './events/lablet-definition.events';
export type { SessionExpiring, SessionSnapshot, SessionStatus } from './events/session.events';
export {
  SessionEventTypes,
  SessionExpiringSchema,
  SessionSnapshotSchema,
  SessionStatusSchema,
} from './events/session.events';
export type { ServiceStatus, WorkerSnapshot, WorkerStatus } from './events/worker.events';
export {
  ServiceStatusSchema,
  WorkerCreatedSchema,
  WorkerDrainCancelledSchema,
  WorkerDrainingSchema,
  WorkerEndpointChangedSchema,
  WorkerEventTypes,
  WorkerHealthChangedSchema,
  WorkerLicenseChangedSchema,
  WorkerMetricsSchema,
  WorkerMetricsUpdatedSchema,
  WorkerOrphanDetectedSchema,
  WorkerSnapshotSchema,
  WorkerStatusChangedSchema,
  WorkerStatusSchema,
  WorkerTerminatedSchema,
} from './events/worker.events';
export type { WorkerTemplateData } from './events/worker-template.events';
export { WorkerTemplateEventTypes, WorkerTemplateSchema } from './events/worker-template.events';

import { DomainEvent } from '@lcm/neuro-core/domain';
import type { LabletDefinitionSummary } from '../entities/lablet-definition-summary';

/** A lablet definition event's data: everything but the topology (the contract's LabletDefinitionSchema). */
export abstract class LabletDefinitionSnapshotEvent extends DomainEvent {
  readonly definitionId: string;
  readonly name: string;
  readonly version: string;
  readonly nodeCount: number;
  readonly resourceRequirements: LabletDefinitionSummary['resourceRequirements'];
  readonly licenseAffinity: LabletDefinitionSummary['licenseAffinity'];
  readonly portTemplate: string[];
  readonly maxDurationMinutes: number;
  readonly enabled: boolean;

  constructor(occurredAt: Date, summary: LabletDefinitionSummary) {
    super(summary.definitionId, occurredAt);
    this.definitionId = summary.definitionId;
    this.name = summary.name;
    this.version = summary.version;
    this.nodeCount = summary.nodeCount;
    this.resourceRequirements = summary.resourceRequirements;
    this.licenseAffinity = summary.licenseAffinity;
    this.portTemplate = summary.portTemplate;
    this.maxDurationMinutes = summary.maxDurationMinutes;
    this.enabled = summary.enabled;
  }
}

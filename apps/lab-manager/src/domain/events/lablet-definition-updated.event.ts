import { DomainEvent, cloudevent } from '@lcm/neuro-core';
import type { LabletDefinitionSummary } from '../entities/lablet-definition-summary';

/** A lablet definition version was enabled or disabled; carries everything but the topology (LabletDefinitionSchema). */
@cloudevent('io.lcm.lablet-definition.updated.v1')
export class LabletDefinitionUpdated extends DomainEvent {
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

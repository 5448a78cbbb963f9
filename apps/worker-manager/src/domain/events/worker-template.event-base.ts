import { DomainEvent } from '@lcm/neuro-core/domain';
import type { WorkerTemplateState } from '../entities/worker-template.aggregate';

/** Base of the template events: the whole template is the CloudEvent data (WorkerTemplateSchema). */
export abstract class WorkerTemplateEvent extends DomainEvent {
  readonly name: string;
  readonly description: string;
  readonly instanceType: string;
  readonly capacity: WorkerTemplateState['capacity'];
  readonly licenseType: WorkerTemplateState['licenseType'];
  readonly costPerHourUsd: number;
  readonly amiNamePattern: string;
  readonly region: string;
  readonly enabled: boolean;
  readonly drainTimeoutHours: number;
  readonly portRange: WorkerTemplateState['portRange'];

  constructor(template: WorkerTemplateState, occurredAt: Date) {
    super(template.name, occurredAt);
    this.name = template.name;
    this.description = template.description;
    this.instanceType = template.instanceType;
    this.capacity = { ...template.capacity };
    this.licenseType = template.licenseType;
    this.costPerHourUsd = template.costPerHourUsd;
    this.amiNamePattern = template.amiNamePattern;
    this.region = template.region;
    this.enabled = template.enabled;
    this.drainTimeoutHours = template.drainTimeoutHours;
    this.portRange = { ...template.portRange };
  }
}

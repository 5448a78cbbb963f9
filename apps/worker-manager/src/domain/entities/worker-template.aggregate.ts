import { AggregateRoot } from '@lcm/neuro-core/domain';
import { WorkerTemplateCreated } from '../events/worker-template-created.event';
import { WorkerTemplateDisabled } from '../events/worker-template-disabled.event';
import { WorkerTemplateUpdated } from '../events/worker-template-updated.event';
import type { LicenseType, WorkerCapacity } from './worker-values';

/** A kind of worker: EC2 type, capacity, licence and AMI pattern; keyed by its unique `name`. */
export interface WorkerTemplateState {
  name: string;
  description: string;
  instanceType: string;
  capacity: WorkerCapacity;
  licenseType: LicenseType;
  costPerHourUsd: number;
  amiNamePattern: string;
  region: string;
  enabled: boolean;
  drainTimeoutHours: number;
  portRange: { start: number; end: number };
}

/** The fields of a template an operator may change (the name is the key and never changes). */
export type WorkerTemplateChanges = Partial<Omit<WorkerTemplateState, 'name'>>;

/**
 * A worker template (docs/domain.md#worker-templates): what new workers are made from. Disabling keeps the record, so existing
 * workers still find their template, while scale-up and `POST /workers` no longer use it.
 */
export class WorkerTemplate extends AggregateRoot<WorkerTemplateState> {
  /** A new template, with its created event pending. */
  static create(state: WorkerTemplateState, at: Date): WorkerTemplate {
    const template = new WorkerTemplate(state.name, structuredClone(state));
    template.registerEvent(new WorkerTemplateCreated(template._state, at));
    return template;
  }

  /** Builds a template back from storage. */
  static rehydrate(id: string, state: WorkerTemplateState, stateVersion: number): WorkerTemplate {
    return new WorkerTemplate(id, state, stateVersion);
  }

  /**
   * Applies changes; returns false (and records nothing) when they change nothing. Turning `enabled` off
   * is the disabled event, anything else the updated event.
   */
  change(changes: WorkerTemplateChanges, at: Date): boolean {
    const next: WorkerTemplateState = {
      ...structuredClone(this._state),
      ...structuredClone(changes),
      name: this.id,
    };
    if (JSON.stringify(next) === JSON.stringify(this._state)) return false;
    const disabling = this._state.enabled && !next.enabled;
    this._state = next;
    this.registerEvent(
      disabling ? new WorkerTemplateDisabled(next, at) : new WorkerTemplateUpdated(next, at),
    );
    return true;
  }

  /** Whether this template covers a need with the given headroom factor (1.2 = 20% more than asked). */
  covers(need: Omit<WorkerCapacity, 'maxNodes'> & { nodeCount: number }, headroom: number): boolean {
    return coversCapacity(this._state.capacity, need, headroom);
  }
}

/** Whether a capacity holds a need times `headroom` on every dimension. */
export function coversCapacity(
  capacity: WorkerCapacity,
  need: Omit<WorkerCapacity, 'maxNodes'> & { nodeCount: number },
  headroom: number,
): boolean {
  return (
    capacity.cpuCores >= need.cpuCores * headroom &&
    capacity.memoryGb >= need.memoryGb * headroom &&
    capacity.storageGb >= need.storageGb * headroom &&
    capacity.maxNodes >= Math.ceil(need.nodeCount * headroom)
  );
}

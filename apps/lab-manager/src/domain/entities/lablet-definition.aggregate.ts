import { AggregateRoot, DomainResult } from '@lcm/neuro-core/domain';
import { LabletDefinitionCreated } from '../events/lablet-definition-created.event';
import { LabletDefinitionUpdated } from '../events/lablet-definition-updated.event';
import type { LabletDefinitionSummary } from './lablet-definition-summary';

/** The most nodes a CML PERSONAL licence runs (docs/domain.md#licence-types). */
export const PERSONAL_LICENSE_MAX_NODES = 20;

/** One change of a definition version: who did it, and when. */
export interface LabletDefinitionHistoryEntry {
  readonly at: string;
  readonly action: 'CREATED' | 'ENABLED' | 'DISABLED';
  readonly by: string;
}

/** The stored state of one lablet definition version: what its events carry, plus the topology. */
export interface LabletDefinitionState extends Omit<LabletDefinitionSummary, 'definitionId'> {
  topologyYaml: string;
  topologyHash: string;
  createdAt: string;
  createdBy: string;
  /** Its changes, oldest first (absent on versions stored before it). */
  history?: LabletDefinitionHistoryEntry[];
}

/** What a new version is made of; the topology facts are computed by the caller from the YAML. */
export type NewLabletDefinition = Omit<
  LabletDefinitionState,
  'enabled' | 'createdAt' | 'createdBy' | 'history'
>;

/**
 * One immutable version of a lab blueprint: a CML topology with its resource needs. A change is a new
 * version (a new aggregate); only `enabled` ever changes afterwards.
 */
export class LabletDefinition extends AggregateRoot<LabletDefinitionState> {
  /** A new enabled version, refused when its licence affinity cannot hold its node count. */
  static create(
    id: string,
    input: NewLabletDefinition,
    createdBy: string,
    at: Date,
  ): DomainResult<LabletDefinition> {
    if (input.licenseAffinity.includes('PERSONAL') && input.nodeCount > PERSONAL_LICENSE_MAX_NODES) {
      return DomainResult.fail(
        `lablet definition ${input.name} ${input.version} has ${input.nodeCount} nodes; a PERSONAL licence allows at most ${PERSONAL_LICENSE_MAX_NODES}`,
      );
    }
    const definition = new LabletDefinition(id, {
      ...structuredClone(input),
      enabled: true,
      createdAt: at.toISOString(),
      createdBy,
      history: [{ at: at.toISOString(), action: 'CREATED', by: createdBy }],
    });
    definition.registerEvent(new LabletDefinitionCreated(at, definition.summary()));
    return DomainResult.ok(definition);
  }

  /** Builds a definition back from storage. */
  static rehydrate(id: string, state: LabletDefinitionState, stateVersion: number): LabletDefinition {
    return new LabletDefinition(id, state, stateVersion);
  }

  /** Turns the version on or off for new sessions (`by` who asked); true when it changed (no event when it did not). */
  setEnabled(enabled: boolean, at: Date, by: string): boolean {
    if (this._state.enabled === enabled) return false;
    this._state.enabled = enabled;
    this._state.history = [
      ...this.history,
      { at: at.toISOString(), action: enabled ? 'ENABLED' : 'DISABLED', by },
    ];
    this.registerEvent(new LabletDefinitionUpdated(at, this.summary()));
    return true;
  }

  /** Its changes, oldest first; a version stored before history was kept shows its creation only. */
  get history(): readonly LabletDefinitionHistoryEntry[] {
    const s = this._state;
    return s.history ?? [{ at: s.createdAt, action: 'CREATED', by: s.createdBy }];
  }

  /** The definition as events carry it. */
  summary(): LabletDefinitionSummary {
    const s = this._state;
    return {
      definitionId: this.id,
      name: s.name,
      version: s.version,
      nodeCount: s.nodeCount,
      resourceRequirements: { ...s.resourceRequirements },
      licenseAffinity: [...s.licenseAffinity],
      portTemplate: [...s.portTemplate],
      maxDurationMinutes: s.maxDurationMinutes,
      enabled: s.enabled,
    };
  }
}

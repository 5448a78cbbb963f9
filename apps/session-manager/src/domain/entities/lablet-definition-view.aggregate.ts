import { AggregateRoot } from '@lcm/neuro-core/domain';
import { isOlderThanHeld } from './event-time';
import type { SessionDemand } from './session-demand';
import type { LicenseType } from './session-status';

/** A lablet definition version as lab-manager's events describe it. */
export interface LabletDefinitionViewState {
  name: string;
  version: string;
  nodeCount: number;
  resourceRequirements: { cpuCores: number; memoryGb: number; storageGb: number };
  licenseAffinity: LicenseType[];
  portTemplate: string[];
  maxDurationMinutes: number;
  enabled: boolean;
  /** The time of the event this view was last taken from (absent in views saved before it was kept). */
  observedAt?: string;
}

/**
 * session-manager's read model of one lablet definition version, fed only by
 * `io.lcm.lablet-definition.created|updated.v1`; sessions pin a version's demand at request time.
 */
export class LabletDefinitionView extends AggregateRoot<LabletDefinitionViewState> {
  /**
   * Replaces the whole view with what a newer event says; false (nothing changed) for an event older than
   * the one the view holds, since events are delivered concurrently and may overtake each other.
   */
  apply(state: LabletDefinitionViewState): boolean {
    if (isOlderThanHeld(state.observedAt, this._state.observedAt)) return false;
    this._state = structuredClone(state);
    return true;
  }

  /** What one session of this version takes from a worker. */
  demand(): SessionDemand {
    const s = this._state;
    return {
      cpuCores: s.resourceRequirements.cpuCores,
      memoryGb: s.resourceRequirements.memoryGb,
      storageGb: s.resourceRequirements.storageGb,
      nodeCount: s.nodeCount,
      ports: s.portTemplate.length,
      licenseAffinity: [...s.licenseAffinity],
    };
  }
}

/** Orders semver-like versions (`1.10.0` after `1.9.2`); pre-release tags sort before their release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const diff = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** What a topology holds, once it is known to be a valid CML topology. */
export interface TopologyFacts {
  /** sha256 (hex) of the topology text, so identical uploads are recognised. */
  readonly topologyHash: string;
  readonly nodeCount: number;
  /** The `${PORT_*}` placeholder names, sorted. */
  readonly portTemplate: string[];
}

/** The facts, or every reason the topology is not one CML would import. */
export type TopologyInspection =
  ({ readonly valid: true } & TopologyFacts) | { readonly valid: false; readonly problems: string[] };

/**
 * Checks a lablet topology (YAML with `${PORT_*}` placeholders) against CML's `Topology` schema and
 * extracts its facts. A port so the domain stays free of YAML and JSON-schema libraries.
 */
export interface TopologyInspector {
  inspect(topologyYaml: string): TopologyInspection;
}

/** DI token of the TopologyInspector. */
export const TOPOLOGY_INSPECTOR = Symbol.for('lcm.TopologyInspector');

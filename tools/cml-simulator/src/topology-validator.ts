import type { ValidateFunction } from 'ajv';
import type { CmlTopology } from '@lcm/cml-client';
import { specAjv, specSchemaKey } from './spec-ajv';

/** What `validate` found: the topology when valid, otherwise every problem as `path: message`. */
export type TopologyValidation =
  { valid: true; topology: CmlTopology } | { valid: false; problems: string[] };

/**
 * Checks an import body against the spec's `Topology` schema, as CML does before it creates a lab, plus the
 * cross-references the schema cannot express (links naming nodes and interfaces that exist).
 */
export class TopologyValidator {
  private readonly schema: ValidateFunction;

  constructor() {
    const ajv = specAjv();
    const schema = ajv.getSchema(specSchemaKey(['components', 'schemas', 'Topology']));
    if (!schema) throw new Error('the CML spec has no Topology schema');
    this.schema = schema;
  }

  validate(body: unknown): TopologyValidation {
    if (!this.schema(body)) {
      const problems = (this.schema.errors ?? []).map(
        (e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`,
      );
      return { valid: false, problems };
    }
    const topology = body as CmlTopology;
    const problems = danglingReferences(topology);
    return problems.length ? { valid: false, problems } : { valid: true, topology };
  }
}

function danglingReferences(topology: CmlTopology): string[] {
  const interfacesByNode = new Map(
    topology.nodes.map((node) => [node.id, new Set((node.interfaces ?? []).map((i) => i.id))]),
  );
  const problems: string[] = [];
  const duplicates = topology.nodes.length - interfacesByNode.size;
  if (duplicates > 0) problems.push(`/nodes: ${duplicates} duplicate node id(s)`);
  topology.links.forEach((link, index) => {
    for (const [node, iface] of [
      [link.n1, link.i1],
      [link.n2, link.i2],
    ]) {
      const interfaces = interfacesByNode.get(node);
      if (!interfaces) problems.push(`/links/${index}: node ${node} does not exist`);
      else if (!interfaces.has(iface))
        problems.push(`/links/${index}: interface ${iface} does not exist on node ${node}`);
    }
  });
  return problems;
}

import { createHash } from 'node:crypto';
import { type CmlTopology, cmlOpenApiSpec } from '@lcm/cml-client';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { portPlaceholders, substitutePorts } from '../../domain/entities/port-placeholders';
import type { TopologyInspection, TopologyInspector } from '../../domain/services/topology-inspector';

/** Stands in for every placeholder while validating: any valid TCP port proves the substituted shape. */
const SAMPLE_PORT = 2000;

/**
 * Validates lablet topologies with ajv against the `Topology` schema of the CML 2.9 spec the client was
 * built from, plus the cross-references the schema cannot express (links naming existing nodes and
 * interfaces), as CML does on import. Placeholders are replaced by a sample port first, because CML
 * receives the substituted text.
 */
export class CmlTopologyInspector implements TopologyInspector {
  private readonly validateTopology: ValidateFunction;

  constructor() {
    // Strict mode off: the spec carries OpenAPI keywords (discriminator, example) ajv does not know.
    const ajv = new Ajv2020({ strictSchema: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(cmlOpenApiSpec, 'cml');
    const validate = ajv.getSchema('cml#/components/schemas/Topology');
    if (!validate) throw new Error('the CML spec has no Topology schema');
    this.validateTopology = validate;
  }

  inspect(topologyYaml: string): TopologyInspection {
    const portTemplate = portPlaceholders(topologyYaml);
    const sample = Object.fromEntries(portTemplate.map((name) => [name, SAMPLE_PORT]));
    let body: unknown;
    try {
      body = parse(substitutePorts(topologyYaml, sample));
    } catch (error) {
      return { valid: false, problems: [`topologyYaml is not valid YAML: ${(error as Error).message}`] };
    }
    if (!this.validateTopology(body)) {
      const problems = (this.validateTopology.errors ?? []).map(
        (e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`,
      );
      return { valid: false, problems };
    }
    const topology = body as CmlTopology;
    const problems = danglingReferences(topology);
    if (problems.length > 0) return { valid: false, problems };
    return {
      valid: true,
      topologyHash: createHash('sha256').update(topologyYaml.replace(/\r\n/g, '\n').trim()).digest('hex'),
      nodeCount: topology.nodes.length,
      portTemplate,
    };
  }
}

function danglingReferences(topology: CmlTopology): string[] {
  const interfacesByNode = new Map(
    topology.nodes.map((n) => [n.id, new Set((n.interfaces ?? []).map((i) => i.id))]),
  );
  const problems: string[] = [];
  if (interfacesByNode.size < topology.nodes.length) problems.push('/nodes: node ids are not unique');
  topology.links.forEach((link, index) => {
    for (const [node, iface] of [
      [link.n1, link.i1],
      [link.n2, link.i2],
    ] as const) {
      const interfaces = interfacesByNode.get(node);
      if (!interfaces) problems.push(`/links/${index}: node ${node} does not exist`);
      else if (!interfaces.has(iface))
        problems.push(`/links/${index}: interface ${iface} does not exist on node ${node}`);
    }
  });
  return problems;
}

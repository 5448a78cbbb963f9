import { parse } from 'yaml';
import { CmlError } from './cml-error';
import type { CmlTopology } from './cml-types';

/**
 * Turns a CML topology given as YAML text (as lab files are written) into the JSON object `POST /import`
 * takes; objects pass through untouched. CML itself validates the result against its Topology schema.
 */
export function parseTopology(topology: string | CmlTopology): CmlTopology {
  if (typeof topology !== 'string') return topology;
  let parsed: unknown;
  try {
    parsed = parse(topology);
  } catch (error) {
    throw new CmlError('invalidInput', `topology is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CmlError('invalidInput', 'topology YAML must hold a mapping with lab, nodes and links');
  }
  return parsed as CmlTopology;
}

import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { CliError } from '../cli-error';
import { type CliContext, print } from '../cli-context';
import { renderTable } from '../table';

interface Definition {
  id: string;
  name: string;
  version: string;
  nodeCount: number;
  enabled: boolean;
  maxDurationMinutes: number;
}

const columns = [
  { header: 'id', value: (d: Definition) => d.id },
  { header: 'name', value: (d: Definition) => d.name },
  { header: 'version', value: (d: Definition) => d.version },
  { header: 'nodes', value: (d: Definition) => d.nodeCount },
  { header: 'max minutes', value: (d: Definition) => d.maxDurationMinutes },
  { header: 'enabled', value: (d: Definition) => d.enabled },
];

/**
 * Reads a definition file: the API body as YAML, where the topology may be given as `topologyYaml` (text)
 * or as `topology` (a YAML mapping, sent as text).
 */
function readDefinitionFile(path: string): Record<string, unknown> {
  let content: unknown;
  try {
    content = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof content !== 'object' || content === null) throw new CliError(`${path} is not a YAML mapping`);
  const { topology, ...rest } = content as Record<string, unknown>;
  return topology === undefined ? rest : { ...rest, topologyYaml: stringify(topology) };
}

/** `lcm definitions list|create <file.yaml>`. */
export async function definitionsCommand(context: CliContext): Promise<void> {
  const [verb, file] = context.args;
  if (verb === 'list') {
    const definitions = await context.labs.request<Definition[]>('GET', '/api/lablet-definitions');
    return print(context, definitions, () => renderTable(definitions, columns));
  }
  if (verb === 'create' && file) {
    const definition = await context.labs.request<Definition>(
      'POST',
      '/api/lablet-definitions',
      readDefinitionFile(file),
    );
    return print(
      context,
      definition,
      () => `created ${definition.name}@${definition.version} (${definition.id})`,
    );
  }
  throw new CliError('usage: lcm definitions list | lcm definitions create <file.yaml>', 2);
}

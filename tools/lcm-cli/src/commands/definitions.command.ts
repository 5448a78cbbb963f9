import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { CliError } from '../cli-error';
import { type CliContext, print } from '../cli-context';
import { renderRecord, renderTable } from '../table';

interface Definition {
  id: string;
  name: string;
  version: string;
  nodeCount: number;
  enabled: boolean;
  maxDurationMinutes: number;
  history?: HistoryEntry[];
}

/** One change of a definition version: who created, enabled or disabled it, and when. */
interface HistoryEntry {
  at: string;
  action: string;
  by: string;
}

const historyColumns = [
  { header: 'at', value: (h: HistoryEntry) => h.at },
  { header: 'action', value: (h: HistoryEntry) => h.action },
  { header: 'by', value: (h: HistoryEntry) => h.by },
];

/** One version as `key: value` lines (without its topology), then its history as a table. */
function renderDefinition({ history = [], ...definition }: Definition): string {
  const { topologyYaml: _topology, ...shown } = definition as Definition & { topologyYaml?: string };
  return `${renderRecord(shown)}\n\nhistory:\n${renderTable(history, historyColumns)}`;
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

/** `lcm definitions list|show <id>|create <file.yaml>`. */
export async function definitionsCommand(context: CliContext): Promise<void> {
  const [verb, file] = context.args;
  if (verb === 'list') {
    const definitions = await context.labs.request<Definition[]>('GET', '/api/lablet-definitions');
    return print(context, definitions, () => renderTable(definitions, columns));
  }
  if (verb === 'show' && file) {
    const definition = await context.labs.request<Definition>(
      'GET',
      `/api/lablet-definitions/${encodeURIComponent(file)}`,
    );
    return print(context, definition, () => renderDefinition(definition));
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
  throw new CliError(
    'usage: lcm definitions list | lcm definitions show <id> | lcm definitions create <file.yaml>',
    2,
  );
}

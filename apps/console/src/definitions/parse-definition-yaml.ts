import { YAMLParseError, parse } from 'yaml';

/** A definition file read as the body of `POST /api/lablet-definitions`, or why it cannot be. */
export type ParsedDefinition = { readonly body: Record<string, unknown> } | { readonly error: string };

/**
 * Reads a lablet definition YAML file (one definition: name, version, resourceRequirements, ...,
 * topologyYaml). Syntax errors say the line; the fields are left for lab-manager to judge, so the
 * console and the API never disagree about what is valid.
 */
export function parseDefinitionYaml(text: string): ParsedDefinition {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0]?.line;
      return { error: `${line ? `line ${line}: ` : ''}${error.message.split('\n')[0]}` };
    }
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'the file must hold one definition: a mapping with name, version, topologyYaml, ...' };
  }
  return { body: value as Record<string, unknown> };
}

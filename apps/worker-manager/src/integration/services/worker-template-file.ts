import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * Reads the seed template file: a YAML list of templates (or `{templates: [...]}`). Entries are returned
 * unvalidated; the seed command validates and skips bad ones one by one.
 */
export async function readWorkerTemplateFile(path: string): Promise<unknown[]> {
  const document: unknown = parse(await readFile(path, 'utf8'));
  const list = Array.isArray(document) ? document : (document as { templates?: unknown } | null)?.templates;
  if (!Array.isArray(list)) throw new Error(`${path} holds no list of worker templates`);
  return list;
}

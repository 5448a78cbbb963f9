import { readFile } from 'node:fs/promises';
import type { Logger, Mediator } from '@lcm/neuro-core';
import { parse } from 'yaml';
import { z } from 'zod';
import { CreateLabletDefinitionCommand } from '../commands/create-lablet-definition.command';

const SeedFileSchema = z.object({ definitions: z.array(z.record(z.string(), z.unknown())) });

/**
 * Adds the lablet definitions of a YAML seed file (`definitions: [...]`, each a `POST /lablet-definitions`
 * body) at start-up. A version that exists already is kept as it is (versions are immutable); a bad
 * entry is logged and skipped, so one typo never stops the service.
 */
export async function seedLabletDefinitions(
  mediator: Mediator,
  logger: Logger,
  path: string,
): Promise<number> {
  const file = SeedFileSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!file.success) {
    logger.warn({ path }, 'lablet seed file ignored: it needs a top-level "definitions" list');
    return 0;
  }
  let created = 0;
  for (const [index, entry] of file.data.definitions.entries()) {
    const result = await mediator.execute(new CreateLabletDefinitionCommand(entry as never, 'seed'));
    if (result.ok) created++;
    else if (result.status !== 409) {
      logger.warn(
        { path, index, name: entry['name'], detail: result.problem.detail },
        'lablet seed entry skipped',
      );
    }
  }
  logger.info({ path, created, entries: file.data.definitions.length }, 'lablet definitions seeded');
  return created;
}

import { z } from 'zod';

/**
 * A comma-separated list of plain values (subjects, names), trimmed, empty entries dropped, so an empty
 * value is an empty list. Entries are compared exactly by their users: no case folding, no patterns.
 */
export function envList(): z.ZodType<string[], string> {
  return z.string().transform((raw) =>
    raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  );
}

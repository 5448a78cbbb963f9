import { z } from 'zod';

/**
 * A boolean environment variable: `true`/`false`/`1`/`0`, any case. Anything else is refused rather than
 * read as false, so a typo such as `ture` stops start-up instead of silently turning a feature off.
 */
export function envBoolean(): z.ZodType<boolean, string> {
  return z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(true|false|1|0)$/, 'expected true, false, 1 or 0')
    .transform((value) => value === 'true' || value === '1');
}

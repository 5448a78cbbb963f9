import { z } from 'zod';

/**
 * A numeric environment variable. Unlike `z.coerce.number()` it refuses an empty value (which would read
 * as 0) and words; pipe it into `z.number()` for bounds, e.g. `envNumber().pipe(z.number().int().min(1))`.
 */
export function envNumber(): z.ZodType<number, string> {
  return z
    .string()
    .trim()
    .refine((value) => value !== '' && Number.isFinite(Number(value)), 'expected a number')
    .transform(Number);
}

import { z } from 'zod';

/**
 * A comma-separated list of `key=value` pairs (`worker-manager=lcm-worker-manager,…`), trimmed, empty
 * entries dropped, read into a map. An entry without `=`, with an empty side, or repeating a key is an
 * error naming the entry, so a typo stops the service instead of silently meaning something else.
 */
export function envPairList(): z.ZodType<ReadonlyMap<string, string>, string> {
  return z.string().transform((raw, ctx) => {
    const pairs = new Map<string, string>();
    raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .forEach((entry, index) => {
        const [key, value, ...rest] = entry.split('=').map((side) => side.trim());
        if (!key || !value || rest.length > 0) {
          ctx.issues.push({ code: 'custom', message: `entry ${index + 1} is not key=value`, input: raw });
        } else if (pairs.has(key)) {
          ctx.issues.push({ code: 'custom', message: `entry ${index + 1} repeats ${key}`, input: raw });
        } else {
          pairs.set(key, value);
        }
      });
    return pairs;
  });
}

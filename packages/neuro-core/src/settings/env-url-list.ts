import { z } from 'zod';

/**
 * A comma-separated list of URLs (subscribers, allowed origins, ...), trimmed, empty entries dropped, so
 * an empty value is an empty list. Each entry must parse as a URL with one of `protocols`, which catches a
 * forgotten scheme: `localhost:8080` parses as a URL whose protocol is `localhost:`.
 */
export function envUrlList(protocols: readonly string[] = ['http:', 'https:']): z.ZodType<string[], string> {
  const schemes = protocols.map((protocol) => protocol.replace(/:$/, '')).join(' or ');
  return z.string().transform((raw, ctx) => {
    const urls = raw
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    urls.forEach((url, index) => {
      if (!URL.canParse(url) || !protocols.includes(new URL(url).protocol)) {
        ctx.issues.push({
          code: 'custom',
          message: `entry ${index + 1} is not a URL (${schemes})`,
          input: raw,
        });
      }
    });
    return urls;
  });
}

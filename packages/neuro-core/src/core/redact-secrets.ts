/** What a redacted value is printed as. */
export const REDACTED = '[redacted]';

/**
 * Key names (lower-cased, without `_`/`-`) that hold secrets, matched as a suffix so `password`,
 * `cmlPassword`, `client_secret`, `accessToken` and `x-api-key` are all caught, and `tokenCount` is not.
 */
const SECRET_KEY =
  /(password|passwd|passphrase|secret|secretaccesskey|accesskeyid|token|authorization|cookie|apikey|privatekey|credentials?)$/;
const MAX_DEPTH = 8;

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[_-]/g, ''));
}

/**
 * A copy of a log entry with the value of every secret-named key replaced by `[redacted]`, at any depth
 * (plain objects and arrays; errors and other class instances are left to their serializers). The
 * caller's object is never changed; an entry without secrets is returned as it is.
 */
export function redactSecrets<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const cleaned = redactSecrets(item, depth + 1, seen);
      if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
    });
    return (copy ?? value) as T;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const cleaned = isSecretKey(key) && item != null ? REDACTED : redactSecrets(item, depth + 1, seen);
    if (cleaned !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = cleaned;
  }
  return (copy ?? value) as T;
}

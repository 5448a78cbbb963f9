/** One text the system produced (a log line, a response body), with where it came from. */
export interface Produced {
  readonly where: string;
  readonly text: string;
}

/** A configured secret value and its name (never the value) for failure messages. */
export interface Secret {
  readonly name: string;
  readonly value: string;
}

/**
 * The produced texts that contain a secret value, as `where: secret name` (values are never printed).
 * `allowed` says where one secret may legitimately appear (a session's password in its owner's `/access`).
 */
export function leaks(
  produced: readonly Produced[],
  secrets: readonly Secret[],
  allowed: (text: Produced, secret: Secret) => boolean = () => false,
): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    // A short value would match by chance (a default "admin" is not a secret worth the name).
    if (secret.value.length < 8) throw new Error(`secret ${secret.name} is too short to scan for`);
    for (const text of produced) {
      if (text.text.includes(secret.value) && !allowed(text, secret))
        found.push(`${text.where}: ${secret.name}`);
    }
  }
  return found;
}

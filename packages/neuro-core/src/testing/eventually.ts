/**
 * Polls `probe` until it gives a value other than `undefined` or `false` and returns that value; throws
 * (naming `what`, or what `what()` says it saw) once `timeoutMs` has passed. For tests that wait on work running on its own schedule,
 * instead of sleeping for a guessed time. A probe that costs the system under test something (an HTTP
 * call per session) may poll less often with `intervalMs`.
 */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what: string | (() => string | Promise<string>) = 'condition',
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      // A function names what it saw at the deadline ("every session RUNNING (they are PENDING, …)").
      const said = typeof what === 'string' ? what : await what();
      throw new Error(`${said} not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls `probe` until `done` accepts its answer, and returns the last answer either way once `timeoutMs`
 * has passed, so the test's own expectation shows what was seen instead of a bare timeout.
 */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

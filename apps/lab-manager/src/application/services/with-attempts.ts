/** The outcome of a step tried several times: its value, or the last failure's message. */
export type AttemptsOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Tries a CML step up to `attempts` times with a growing pause, running `afterFailure` (clean-up) after
 * each failed try. Retrying here rather than through the job queue lets the last failure be handled
 * (clean-up, `lab.failed`) in the same command that knows it was the last.
 */
export async function withAttempts<T>(
  options: { attempts: number; backoffMs: number },
  step: (attempt: number) => Promise<T>,
  afterFailure?: (error: unknown) => Promise<void>,
): Promise<AttemptsOutcome<T>> {
  let reason = 'not attempted';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      return { ok: true, value: await step(attempt) };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
      await afterFailure?.(error).catch(() => undefined);
      if (attempt < options.attempts) await new Promise((r) => setTimeout(r, options.backoffMs * attempt));
    }
  }
  return { ok: false, reason };
}

/** Runs `work` once and returns its value with the milliseconds it took (monotonic clock). */
export function timed<T>(work: () => T): { ms: number; value: T } {
  const started = process.hrtime.bigint();
  const value = work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

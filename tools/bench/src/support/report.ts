// How every benchmark reports: a plain-text table and one verdict line, the format `npm run bench` copies
// into results/latest.md and the smoke spec checks.

/** `BENCH_SMOKE=1`: tiny sizes, to prove the benchmark still runs (the smoke spec in `npm test`). */
export const smoke = process.env['BENCH_SMOKE'] === '1';

/** A size for the real run, or the tiny one for the smoke run. */
export function size<T>(full: T, tiny: T): T {
  return smoke ? tiny : full;
}

/** Prints rows under a header, columns padded to their widest cell (numbers right-aligned). */
export function printTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly (string | number)[]>,
): void {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const numeric = headers.map((_, column) =>
    cells.slice(1).every((row) => /^[\d.,x× -]+/.test(row[column] ?? '')),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

/** The one-line verdict: `verdict <bench>: <figures with their ratio and target> -> met | NOT met`. */
export function verdict(bench: string, figures: string, met: boolean): void {
  console.log(`verdict ${bench}: ${figures} -> ${met ? 'met' : 'NOT met'}`);
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Fixed decimals, for table cells and verdicts. */
export const fixed = (value: number, digits = 2): string => value.toFixed(digits);

/**
 * Runs a benchmark's main and ends the process once it has reported: services started in-process leave
 * timers of their libraries behind after close, and a benchmark must not hang on them. An error is printed
 * and fails the process; a missed target does not.
 */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

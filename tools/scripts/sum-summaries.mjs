#!/usr/bin/env node
// CI runs `npm test` and then `npm run test:faults`; each ends with its own "N passed, N failed[, N skipped]".
// This prints the one line CI reads, summed over both logs given as arguments. A log without a summary line
// (its runner crashed) counts as one failure, so the total never reads green by omission.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const summary = lines
    .map((line) => line.match(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/))
    .filter(Boolean)
    .at(-1);
  if (!summary) {
    totals.failed += 1;
    continue;
  }
  totals.passed += Number(summary[1]);
  totals.failed += Number(summary[2]);
  totals.skipped += Number(summary[3] ?? 0);
}
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);

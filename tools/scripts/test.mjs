#!/usr/bin/env node
// `npm test`: runs every project's tests through Nx and ends with one line summed over all projects:
// "N passed, N failed" (", N skipped" when any). Extra arguments go to `nx run-many` (e.g. --projects=neuro-core).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lcm-test-'));
const args = [
  'nx',
  'run-many',
  '-t',
  'test',
  '--outputStyle=stream',
  '--skip-nx-cache',
  ...process.argv.slice(2),
];
const run = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, LCM_TEST_SUMMARY_DIR: dir, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});

const totals = { passed: 0, failed: 0, skipped: 0 };
const skippedNames = [];
for (const file of readdirSync(dir)) {
  const counts = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  skippedNames.push(...counts.skippedNames.map((name) => `${counts.project}: ${name}`));
}
rmSync(dir, { recursive: true, force: true });

const status = run.status ?? 1;
// A project that crashed before reporting counts as a failure, so the line never reads green by omission.
if (status !== 0 && totals.failed === 0) totals.failed = 1;
for (const name of skippedNames) console.log(`skipped ${name}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(status);

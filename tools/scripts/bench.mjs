#!/usr/bin/env node
// `npm run bench -- <name>`: runs tools/bench/src/<name>.bench.ts (all of them without a name).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '../bench/src');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
let status = 0;
for (const name of wanted.length ? wanted : available) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`)], {
    stdio: 'inherit',
  });
  status ||= run.status ?? 1;
}
process.exit(status);

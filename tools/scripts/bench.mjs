#!/usr/bin/env node
// `npm run bench -- <name>`: runs tools/bench/src/<name>.bench.ts (all of them without a name), shows its
// output as it comes, and keeps it in tools/bench/results/latest.md, one section per benchmark (a run of
// one benchmark replaces its own section only), with the machine's load before and after.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '../bench/src');
const resultsFile = join(import.meta.dirname, '../bench/results/latest.md');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** The sections of latest.md by benchmark name, from the file as the last runs left it. */
function previousSections() {
  const sections = new Map();
  if (!existsSync(resultsFile)) return sections;
  for (const part of readFileSync(resultsFile, 'utf8')
    .split(/^(?=## )/m)
    .slice(1)) {
    sections.set(part.slice(3, part.indexOf('\n')).trim(), part.trimEnd());
  }
  return sections;
}

const sections = previousSections();
let status = 0;
for (const name of wanted.length ? wanted : available) {
  const before = load();
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
  });
  const [code] = await once(child, 'exit');
  status ||= code ?? 1;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  sections.set(
    name,
    [
      `## ${name}`,
      '',
      `${new Date().toISOString()}, ${seconds} s, ${availableParallelism()} CPUs, load average ${before} before and ` +
        `${load()} after (1, 5, 15 min)${code === 0 ? '' : `, exited with ${code}`}`,
      '',
      '```text',
      output.trimEnd(),
      '```',
    ].join('\n'),
  );
}

mkdirSync(join(resultsFile, '..'), { recursive: true });
const ordered = available.filter((name) => sections.has(name)).map((name) => sections.get(name));
writeFileSync(
  resultsFile,
  `# Benchmark results\n\nWritten by \`npm run bench\` (tools/scripts/bench.mjs); see tools/bench/README.md for the method.\n\n${ordered.join('\n\n')}\n`,
);
process.exit(status);

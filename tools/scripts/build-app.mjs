#!/usr/bin/env node
// Bundles one service for production: `node tools/scripts/build-app.mjs apps/worker-manager`.
// Workspace packages are bundled in; npm dependencies stay external (installed from the app's own
// package.json in the image). Class names are kept because controller prefixes derive from them.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: build-app.mjs <app folder>');
  process.exit(2);
}
const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, appDir, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith('@lcm/'));

await build({
  entryPoints: [join(root, appDir, 'src/main.ts')],
  outfile: join(root, 'dist', appDir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  keepNames: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  external,
  logLevel: 'info',
});

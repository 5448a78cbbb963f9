#!/usr/bin/env node
// Bundles one service for production: `node tools/scripts/build-app.mjs apps/worker-manager`.
// Workspace packages (@lcm/*) are bundled in; every npm package stays external and is listed, with the
// version installed here, in dist/<app>/package.json, so the image installs exactly what the bundle
// imports. Class names are kept because controller prefixes and metric labels derive from them.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const appDir = process.argv[2];
if (!appDir) {
  console.error('usage: build-app.mjs <app folder>');
  process.exit(2);
}
const root = join(import.meta.dirname, '../..');
const outdir = join(root, 'dist', appDir);
const imported = new Set();

/**
 * npm packages bundled in rather than installed: the AWS SDK. @aws-sdk/client-ec2's CommonJS build is one
 * 2 MB module with every EC2 operation; bundled from its ES modules (`module` before `main` below), the
 * operations worker-manager never sends are left out (`npm run bench -- footprint`: worker-manager's idle
 * RSS 156 -> 137 MB). What the SDK imports is bundled with it, so the image installs none of its packages.
 */
const BUNDLED = /^(@aws-sdk|@smithy|@aws-crypto)\//;
const insideBundled = (importer) => /\/node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(importer);

/** Marks npm packages external and records their names; lets @lcm/* resolve through tsconfig paths. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@lcm/') || args.path.startsWith('node:')) return undefined;
      if (BUNDLED.test(args.path) || insideBundled(args.importer)) return undefined;
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (!name.includes(':')) imported.add(name);
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [join(root, appDir, 'src/main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  keepNames: true,
  tsconfig: join(root, 'tsconfig.base.json'),
  mainFields: ['module', 'main'],
  plugins: [externalPackages],
  logLevel: 'warning',
});

const builtins = new Set((await import('node:module')).builtinModules);
const dependencies = {};
for (const name of [...imported].filter((n) => !builtins.has(n)).sort()) {
  dependencies[name] = JSON.parse(
    readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
  ).version;
}
const app = JSON.parse(readFileSync(join(root, appDir, 'package.json'), 'utf8'));
writeFileSync(
  join(outdir, 'package.json'),
  `${JSON.stringify({ name: app.name, version: app.version, private: true, main: 'main.js', engines: { node: '>=20.19' }, dependencies }, null, 2)}\n`,
);
for (const extra of ['config']) {
  // Seed files the service reads at run time travel next to the bundle.
  try {
    (await import('node:fs')).cpSync(join(root, appDir, extra), join(outdir, extra), { recursive: true });
  } catch {
    /* the app has no such folder */
  }
}
console.log(`built ${appDir} -> dist/${appDir} (${Object.keys(dependencies).length} npm dependencies)`);

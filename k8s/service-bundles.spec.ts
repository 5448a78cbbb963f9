// The image of each service is its production bundle (tools/scripts/build-app.mjs, as the Dockerfile runs
// it) plus the npm packages its generated package.json lists. No Docker engine is needed to check the two
// things that break a deploy: a package the bundle requires but the image would not install, and a bundle
// that does not start (or does not stop on SIGTERM, as Kubernetes stops it).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { deleteRedisKeys } from '@lcm/neuro-core/testing';

const ROOT = join(__dirname, '..');
const APPS = ['worker-manager', 'lab-manager', 'session-manager'];
const REDIS_PREFIX = `lcm-bundle-test-${process.pid}`;

function build(app: string): { main: string; dependencies: Record<string, string> } {
  execFileSync(process.execPath, ['tools/scripts/build-app.mjs', `apps/${app}`], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const dir = join(ROOT, 'dist/apps', app);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return { main: join(dir, 'main.js'), dependencies: manifest.dependencies };
}

/**
 * The npm packages a CommonJS bundle requires (package names, not deep paths). A `[require("…")]` is text:
 * the AWS SDK, bundled into worker-manager, tells in its error messages how to load an optional package.
 */
function requiredPackages(bundle: string): string[] {
  const names = new Set<string>();
  for (const [, specifier] of readFileSync(bundle, 'utf8').matchAll(/(?<!\[)require\("([^".][^"]*)"\)/g)) {
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names].sort();
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function healthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the bundle exited with ${child.exitCode}:\n${output()}`);
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer from ${url} within 20 s:\n${output()}`);
}

describe('the production bundle of each service (what its image runs)', () => {
  afterAll(() => deleteRedisKeys('redis://127.0.0.1:6379', REDIS_PREFIX));

  it.each(APPS)(
    '%s: lists every package it requires, starts, is live, and exits 0 on SIGTERM',
    async (app) => {
      const { main, dependencies } = build(app);
      const required = requiredPackages(main);
      expect(required.length).toBeGreaterThan(5);
      expect(required.filter((name) => !(name in dependencies))).toEqual([]);

      const port = await freePort();
      const child = spawn(process.execPath, [main], {
        cwd: join(ROOT, 'dist/apps', app),
        env: { PATH: process.env['PATH'], PORT: String(port), REDIS_PREFIX, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        await healthy(`http://127.0.0.1:${port}/health/live`, child, () => output);
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const [code] = (await exited) as [number | null];
        expect({ code, output }).toMatchObject({ code: 0 });
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    60_000,
  );
});

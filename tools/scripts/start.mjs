#!/usr/bin/env node
// `npm start`: runs LCM on this machine with embedded defaults. Finds or starts Redis, then starts every
// part of the system that exists in this checkout (simulators first, then the services) as separate
// processes with prefixed logs, waits until each answers, and prints where everything is.
// Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { environmentOf, parts } from './lcm-parts.mjs';
import { resolveRedis } from './redis.mjs';
import { prefixLines, waitForHttp } from './process-utils.mjs';

const root = join(import.meta.dirname, '../..');
const children = [];
let stopping = false;

async function main() {
  mkdirSync(join(root, '.lcm'), { recursive: true });
  const redis = await resolveRedis(root);
  if (redis.child) children.push({ name: 'redis', child: redis.child });

  // CONSOLE=false runs the system without its web console (the API-only tests, which need no page).
  const present = parts.filter(
    (part) =>
      existsSync(join(root, part.entry)) && !(part.kind === 'console' && process.env.CONSOLE === 'false'),
  );
  if (present.some((part) => part.kind === 'console')) buildConsole();
  const ports = new Map(
    present.map((part) => [part.name, Number(process.env[part.portVariable] ?? part.port)]),
  );
  const base = {
    ...process.env,
    REDIS_URL: redis.url,
    LOG_PRETTY: process.env.LOG_PRETTY ?? String(Boolean(process.stdout.isTTY)),
  };
  delete base.PORT;
  for (const part of present) {
    const port = ports.get(part.name);
    const child = spawn(process.execPath, ['--import', 'tsx', part.entry], {
      cwd: root,
      env: environmentOf(part, ports, base),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(child.stdout, part.name, process.stdout);
    prefixLines(child.stderr, part.name, process.stderr);
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`[lcm] ${part.name} exited with code ${code}; stopping everything`);
        void shutdown(1);
      }
    });
    children.push({ name: part.name, child, part, port });
    // Simulators first: services check their endpoints at start-up.
    if (part.kind === 'simulator') await waitForHttp(`http://127.0.0.1:${port}${part.readyPath}`, 60_000);
  }

  for (const { part, port } of children.filter((c) => c.part)) {
    await waitForHttp(`http://127.0.0.1:${port}${part.readyPath}`, 60_000);
  }
  printBlock(
    redis,
    children.filter((c) => c.part),
  );
}

/** Builds the console's page (a few seconds), so what is served is what is checked out. */
function buildConsole() {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: join(root, 'apps/console'),
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (run.status !== 0) throw new Error('the console did not build (npx nx build console says why)');
}

function printBlock(redis, started) {
  const lines = ['', 'Lablet Cloud Manager is running', ''];
  const consolePart = started.find((c) => c.part.kind === 'console');
  if (consolePart)
    lines.push(`  console          http://127.0.0.1:${consolePart.port}   (open it in a browser)`);
  lines.push(`  redis            ${redis.url}${redis.child ? ' (started for you)' : ''}`);
  for (const { part, port } of started.filter((c) => c.part.kind !== 'console')) {
    const docs = part.docsPath ? `   docs: http://127.0.0.1:${port}${part.docsPath}` : '';
    lines.push(`  ${part.name.padEnd(16)} http://127.0.0.1:${port}${docs}`);
  }
  if (started.every((c) => c.part.kind !== 'service')) {
    lines.push('', '  (no services in this checkout yet: only the simulators run)');
  } else {
    lines.push(
      '',
      '  tokens from the dev issuer (valid 8 h; more with `npm run -s token -- --role <role>`):',
    );
    for (const role of ['admin', 'user']) lines.push(`    ${role.padEnd(6)} ${mintToken(role)}`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

function mintToken(role) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/scripts/token.ts', '--role', role], {
    cwd: root,
    encoding: 'utf8',
  });
  return run.status === 0 ? run.stdout.trim() : `(cannot mint: ${run.stderr.trim()})`;
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of [...children].reverse()) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.on('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  console.error(`[lcm] ${error.message}`);
  void shutdown(1);
});

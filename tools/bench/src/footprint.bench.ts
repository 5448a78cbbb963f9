// `npm run bench -- footprint`: each service's production bundle (`npx nx build <service>`, then
// `node dist/apps/<service>/main.js` as the image runs it): time from spawn to the first 200 of
// `/health/ready`, resident memory when idle, after 10,000 authenticated API requests and after 10,000 more.
// The services run with in-memory storage on the real Redis (a key prefix of their own), worker-manager
// against an EC2 simulator in this process.
//
// Memory is read after a forced full garbage collection (`--expose-gc` and a preloaded SIGUSR2 handler,
// footprint/collect-garbage-on-signal.cjs): without one, RSS after a burst of requests mostly shows the
// garbage V8 has not collected yet and the young generation it grew for the burst, which an idle process
// gives back at its next collection, not memory the service keeps. The second round of requests tells
// retention from warm-up: memory a service keeps per request grows again, a heap settling at its steady size
// does not. The RSS without the collection is printed beside it.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevIssuer } from '@lcm/neuro-core/hosting';
import { deleteRedisKeys } from '@lcm/neuro-core/testing';
import { startEc2Simulator } from '@lcm/ec2-simulator';
import { cpuMs, load, repoRoot } from './support/load';
import { fixed, printTable, run, size, smoke, verdict } from './support/report';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? size(10_000, 200));
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SETTLE_MS = size(2000, 200);
const TARGET_READY_MS = 1500;
const TARGET_IDLE_MB = 100;
const TARGET_GROWTH = 1.1;
const COLLECT_GARBAGE = join(import.meta.dirname, 'footprint/collect-garbage-on-signal.cjs');

/** Each service and the list route the load reads (as an admin); the smoke run starts only the quickest. */
const ALL_SERVICES: ReadonlyArray<{ name: string; path: string }> = [
  { name: 'worker-manager', path: '/api/worker-templates' },
  { name: 'lab-manager', path: '/api/lablet-definitions' },
  { name: 'session-manager', path: '/api/lablet-sessions' },
];
const SERVICES = size(ALL_SERVICES, ALL_SERVICES.slice(2));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Resident set size of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? Number.NaN) / 1024;
}

interface Memory {
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

/** Asks the service for a full garbage collection (SIGUSR2, see the preload) and reads its memory after it. */
async function collectedMemory(pid: number, file: string, collections: number): Promise<Memory> {
  process.kill(pid, 'SIGUSR2');
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
    const last =
      lines.length >= collections
        ? (JSON.parse(lines[collections - 1]!) as Record<string, number>)
        : undefined;
    if (last) return { rssMb: last['rss']! / 2 ** 20, heapUsedMb: last['heapUsed']! / 2 ** 20 };
    await sleep(20);
  }
  throw new Error(`process ${pid} did not report its memory after a garbage collection`);
}

async function untilReady(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const answer = await fetch(url).catch(() => undefined);
    if (answer?.status === 200) return;
    await answer?.body?.cancel();
    await sleep(10);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  // The smoke run calls the script the `build` target runs, without Nx's own start-up.
  const nx = [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    SERVICES.map((s) => s.name).join(','),
    '--skip-nx-cache',
  ];
  const build = smoke
    ? spawnSync(process.execPath, ['tools/scripts/build-app.mjs', `apps/${SERVICES[0]!.name}`], {
        cwd: repoRoot,
        encoding: 'utf8',
      })
    : spawnSync('npx', [...nx, '--outputStyle=static'], {
        cwd: repoRoot,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        encoding: 'utf8',
      });
  if (build.status !== 0) throw new Error(`nx build failed:\n${build.stdout}\n${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'lcm-footprint-'));
  const keyFile = join(dir, 'dev-issuer.json');
  const issuer = await DevIssuer.loadOrCreate(keyFile, { rolesClaim: 'realm_access.roles' });
  const token = await issuer.mint({ sub: 'bench-admin', roles: ['admin'], claims: {}, expiresIn: 3600 });
  const ec2 = await startEc2Simulator();
  const rows: Array<Array<string | number>> = [];
  const figures: Array<{ readyMs: number; idle: Memory; first: Memory; second: Memory }> = [];
  try {
    for (const service of SERVICES) {
      const port = await freePort();
      const prefix = `bench-footprint-${service.name}-${port}`;
      const memoryFile = join(dir, `${service.name}.memory.jsonl`);
      const started = performance.now();
      const bundleFile = join(repoRoot, 'dist/apps', service.name, 'main.js');
      const child = spawn(process.execPath, ['--expose-gc', '--require', COLLECT_GARBAGE, bundleFile], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          PORT: String(port),
          REDIS_URL,
          REDIS_PREFIX: prefix,
          LOG_LEVEL: 'warn',
          AUTH_DEV_KEY_FILE: keyFile,
          AWS_ENDPOINT_URL_EC2: ec2.url,
          EC2_SIMULATOR: 'true',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          FOOTPRINT_MEMORY_FILE: memoryFile,
        },
      });
      try {
        await untilReady(`http://127.0.0.1:${port}/health/ready`, 30_000);
        const readyMs = performance.now() - started;
        const readyCpuMs = cpuMs(child.pid!);
        const pid = child.pid!;
        const request = {
          method: 'GET',
          path: service.path,
          headers: { authorization: `Bearer ${token}` },
        } as const;
        await sleep(SETTLE_MS);
        const idleRaw = rssMb(pid);
        const idle = await collectedMemory(pid, memoryFile, 1);
        const result = await load(port, request, { amount: REQUESTS, connections: 10 });
        await sleep(SETTLE_MS);
        const firstRaw = rssMb(pid);
        const first = await collectedMemory(pid, memoryFile, 2);
        await load(port, request, { amount: REQUESTS, connections: 10 });
        await sleep(SETTLE_MS);
        const second = await collectedMemory(pid, memoryFile, 3);
        figures.push({ readyMs, idle, first, second });
        rows.push([
          service.name,
          fixed(readyMs, 0),
          fixed(readyCpuMs, 0),
          fixed(idle.rssMb, 1),
          fixed(first.rssMb, 1),
          fixed(second.rssMb, 1),
          fixed(first.rssMb / idle.rssMb),
          fixed(second.rssMb / first.rssMb),
          `${fixed(idle.heapUsedMb, 1)} / ${fixed(first.heapUsedMb, 1)} / ${fixed(second.heapUsedMb, 1)}`,
          `${fixed(idleRaw, 1)} / ${fixed(firstRaw, 1)}`,
          `${result.requests} (${fixed(result.requestsPerSecond, 0)}/s)`,
        ]);
      } finally {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
        await deleteRedisKeys(REDIS_URL, prefix);
      }
    }
  } finally {
    await ec2.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `footprint benchmark: production bundles (nx build), node main.js with in-memory storage, ` +
      `2 x ${REQUESTS} authenticated GETs of a list route (10 connections); memory ${SETTLE_MS} ms after ready ` +
      `and after each round, read after a forced full GC (--expose-gc); RSS without it in the last but one column`,
  );
  printTable(
    [
      'service',
      'ready ms',
      'CPU ms to ready',
      'idle RSS MB',
      `after ${REQUESTS} MB`,
      `after ${2 * REQUESTS} MB`,
      'after/idle',
      '2nd/1st round',
      'heap used MB (idle/1st/2nd)',
      'RSS no GC MB (idle/1st)',
      'requests (1st round)',
    ],
    rows,
  );
  const slowest = Math.max(...figures.map((f) => f.readyMs));
  const largest = Math.max(...figures.map((f) => f.idle.rssMb));
  const growth = Math.max(...figures.map((f) => f.first.rssMb / f.idle.rssMb));
  const again = Math.max(...figures.map((f) => f.second.rssMb / f.first.rssMb));
  verdict(
    'footprint',
    `slowest ready ${fixed(slowest, 0)} ms (target < ${TARGET_READY_MS}), largest idle RSS ${fixed(largest, 1)} MB ` +
      `(target < ${TARGET_IDLE_MB}), largest growth after/idle ${fixed(growth)} (target <= ${TARGET_GROWTH}), ` +
      `2nd round ${fixed(again)} (after a forced GC)`,
    slowest < TARGET_READY_MS &&
      largest < TARGET_IDLE_MB &&
      growth <= TARGET_GROWTH &&
      again <= TARGET_GROWTH,
  );
}

run(main);

// `npm run bench -- mediator`: requests per second of a GET and a POST route through the full neuro-core
// pipeline (auth off, validation on) against the same handler logic on bare express, measured in the
// same run with autocannon over loopback.
//
// Both servers stay up for the whole run and are measured in short alternating samples; the figure is the
// median of the per-round ratios. Throughput on a shared machine drifts by 2x over tens of seconds, so
// only samples taken side by side are comparable: a ratio of two medians taken minutes apart is mostly
// drift. Where `taskset` exists, the servers share the last CPU and the load generator gets the others.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 1);
const CONNECTIONS = 50;
const TARGET = 0.85;

type Variant = 'bare' | 'pipeline';
type Route = 'GET /api/items/:id' | 'POST /api/items';
const ROUTES: Route[] = ['GET /api/items/:id', 'POST /api/items'];

/** Bundles the server as production does (esbuild, names kept), so plain node runs it without tsx's hooks. */
async function bundleServer(): Promise<string> {
  // Inside the repo, so the bundle's external packages resolve from node_modules.
  const outfile = join(import.meta.dirname, '../../../node_modules/.cache/lcm-bench/mediator-server.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'mediator-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    packages: 'external',
    tsconfig: join(import.meta.dirname, '../../../tsconfig.base.json'),
    logLevel: 'error',
  });
  return outfile;
}

/** Pins the servers to the last CPU and this process (the load generator) to the rest, when it can. */
function cpuPinning(): { server: string[]; note: string } {
  const cpus = availableParallelism();
  const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  if (cpus < 2 || !hasTaskset) return { server: [], note: 'no CPU pinning' };
  spawnSync('taskset', ['-p', '-c', `0-${cpus - 2}`, String(process.pid)], { stdio: 'ignore' });
  return {
    server: ['taskset', '-c', String(cpus - 1)],
    note: `servers on CPU ${cpus - 1}, load on the rest`,
  };
}

async function startServer(
  bundle: string,
  variant: Variant,
  pin: string[],
): Promise<{ child: ChildProcess; port: number }> {
  const [command, ...args] = [...pin, process.execPath, bundle, variant];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

async function measure(port: number, route: Route, seconds: number): Promise<number> {
  const post = route.startsWith('POST');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${post ? '/api/items' : '/api/items/1'}`,
    method: post ? 'POST' : 'GET',
    headers: post ? { 'content-type': 'application/json' } : {},
    body: post ? JSON.stringify({ name: 'widget', quantity: 3 }) : undefined,
    connections: CONNECTIONS,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${route} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  return result.requests.average;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const bundle = await bundleServer();
  const pin = cpuPinning();
  const servers = {
    bare: await startServer(bundle, 'bare', pin.server),
    pipeline: await startServer(bundle, 'pipeline', pin.server),
  };
  console.log(
    `mediator benchmark: ${ROUNDS} paired rounds x ${SECONDS} s per route and variant, ${CONNECTIONS} connections, ${pin.note}`,
  );
  let worst = Infinity;
  try {
    for (const route of ROUTES) {
      // Warm-up: JIT and connection pools.
      for (const variant of ['bare', 'pipeline'] as const) await measure(servers[variant].port, route, 2);
      const bare: number[] = [];
      const pipeline: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so a drift within a round favours neither.
        if (round % 2 === 0) {
          bare.push(await measure(servers.bare.port, route, SECONDS));
          pipeline.push(await measure(servers.pipeline.port, route, SECONDS));
        } else {
          pipeline.push(await measure(servers.pipeline.port, route, SECONDS));
          bare.push(await measure(servers.bare.port, route, SECONDS));
        }
      }
      const ratios = pipeline.map((value, i) => value / bare[i]);
      const ratio = quantile(ratios, 0.5);
      worst = Math.min(worst, ratio);
      console.log(
        `${route.padEnd(20)} bare express ${quantile(bare, 0.5).toFixed(0).padStart(6)} req/s   ` +
          `neuro-core ${quantile(pipeline, 0.5).toFixed(0).padStart(6)} req/s   ` +
          `ratio ${ratio.toFixed(2)} (middle half of rounds ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)})`,
      );
    }
  } finally {
    for (const { child } of Object.values(servers)) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  console.log(
    `worst ratio ${worst.toFixed(2)} (target >= ${TARGET}): ${worst >= TARGET ? 'met' : 'NOT met'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

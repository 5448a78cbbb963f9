// `npm run bench -- mediator`: requests per second of a GET and a POST route through the full neuro-core
// pipeline (auth off, validation on) against the same handler logic on bare express, measured in the
// same run with autocannon over loopback.
//
// Both servers are loaded at the same time, in short rounds, pinned to one shared CPU (where `taskset`
// exists; the load generator gets the other CPUs). The scheduler splits that CPU evenly, so the ratio of
// their throughputs is the ratio of their cost per request, and any drift of the machine hits both at
// once. Measured one after the other, throughput on a shared machine drifts by 2x over tens of seconds and
// the ratio is mostly drift. A bare-vs-bare calibration shows the method's own noise.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 25);
const CALIBRATION_ROUNDS = 5;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 1);
const CONNECTIONS = 50;
const TARGET = 0.85;

type Variant = 'bare' | 'pipeline';
type Server = { child: ChildProcess; port: number };
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

/** Pins the servers to the last CPU and this process (the load generator) to the others, when it can. */
function cpuPinning(): { server: string[]; note: string } {
  const cpus = availableParallelism();
  const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  if (cpus < 2 || !hasTaskset) return { server: [], note: 'no CPU pinning' };
  spawnSync('taskset', ['-a', '-p', '-c', `0-${cpus - 2}`, String(process.pid)], { stdio: 'ignore' });
  return {
    server: ['taskset', '-c', String(cpus - 1)],
    note: `servers share CPU ${cpus - 1}, load on the others`,
  };
}

async function startServer(bundle: string, variant: Variant, pin: string[]): Promise<Server> {
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

/** Loads both servers at once for `rounds` rounds; who starts first alternates. Returns req/s pairs. */
async function paired(a: Server, b: Server, route: Route, rounds: number): Promise<Array<[number, number]>> {
  await Promise.all([measure(a.port, route, 2), measure(b.port, route, 2)]); // warm-up: JIT, connections
  const pairs: Array<[number, number]> = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      pairs.push(await Promise.all([measure(a.port, route, SECONDS), measure(b.port, route, SECONDS)]));
    } else {
      const [second, first] = await Promise.all([
        measure(b.port, route, SECONDS),
        measure(a.port, route, SECONDS),
      ]);
      pairs.push([first, second]);
    }
  }
  return pairs;
}

function summary(pairs: Array<[number, number]>): { ratio: number; spread: string } {
  const ratios = pairs.map(([a, b]) => b / a);
  const spread = `middle half of rounds ${quantile(ratios, 0.25).toFixed(2)}-${quantile(ratios, 0.75).toFixed(2)}`;
  return { ratio: quantile(ratios, 0.5), spread };
}

async function main(): Promise<void> {
  const bundle = await bundleServer();
  const pin = cpuPinning();
  const servers: Server[] = [];
  const start = async (variant: Variant) => {
    const server = await startServer(bundle, variant, pin.server);
    servers.push(server);
    return server;
  };
  console.log(
    `mediator benchmark: ${ROUNDS} rounds x ${SECONDS} s per route, ${CONNECTIONS} connections per server, ` +
      `both servers loaded at once (${pin.note}), so each req/s is its share`,
  );
  let worst = Infinity;
  try {
    const bare = await start('bare');
    const pipeline = await start('pipeline');
    const calibration = summary(
      await paired(bare, await start('bare'), 'GET /api/items/:id', CALIBRATION_ROUNDS),
    );
    console.log(
      `${'calibration'.padEnd(20)} bare express against itself: ratio ${calibration.ratio.toFixed(2)} (${calibration.spread})`,
    );
    for (const route of ROUTES) {
      const pairs = await paired(bare, pipeline, route, ROUNDS);
      const { ratio, spread } = summary(pairs);
      if (process.env['BENCH_DEBUG']) console.log(pairs.map(([a, b]) => (b / a).toFixed(2)).join(' '));
      worst = Math.min(worst, ratio);
      console.log(
        `${route.padEnd(20)} bare express ${quantile(
          pairs.map(([a]) => a),
          0.5,
        )
          .toFixed(0)
          .padStart(6)} req/s   ` +
          `neuro-core ${quantile(
            pairs.map(([, b]) => b),
            0.5,
          )
            .toFixed(0)
            .padStart(6)} req/s   ` +
          `ratio ${ratio.toFixed(2)} (${spread})`,
      );
    }
  } finally {
    for (const { child } of servers) {
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

// `npm run bench -- mediator`: requests per second of a GET and a POST route through the full neuro-core
// pipeline (auth off, validation on) against the same handler logic on bare express, measured in the
// same run with autocannon over loopback. Rounds alternate bare/pipeline so machine drift hits both.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = 50;
const TARGET = 0.85;

type Variant = 'bare' | 'pipeline';
type Route = 'GET /api/items/:id' | 'POST /api/items';

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

async function startServer(bundle: string, variant: Variant): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [bundle, variant], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

async function measure(port: number, route: Route): Promise<number> {
  const post = route.startsWith('POST');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${post ? '/api/items' : '/api/items/1'}`,
    method: post ? 'POST' : 'GET',
    headers: post ? { 'content-type': 'application/json' } : {},
    body: post ? JSON.stringify({ name: 'widget', quantity: 3 }) : undefined,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${route} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  }
  return result.requests.average;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const routes: Route[] = ['GET /api/items/:id', 'POST /api/items'];
  const samples: Record<Variant, Record<Route, number[]>> = {
    bare: { 'GET /api/items/:id': [], 'POST /api/items': [] },
    pipeline: { 'GET /api/items/:id': [], 'POST /api/items': [] },
  };
  const bundle = await bundleServer();
  console.log(`mediator benchmark: ${ROUNDS} rounds x ${SECONDS} s per route, ${CONNECTIONS} connections`);
  for (let round = 0; round < ROUNDS; round++) {
    const order: Variant[] = round % 2 === 0 ? ['bare', 'pipeline'] : ['pipeline', 'bare'];
    for (const variant of order) {
      const { child, port } = await startServer(bundle, variant);
      try {
        for (const route of routes) {
          await measure(port, route); // warm-up: JIT and connection pools
          samples[variant][route].push(await measure(port, route));
        }
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  }

  let worst = Infinity;
  for (const route of routes) {
    const bare = median(samples.bare[route]);
    const pipeline = median(samples.pipeline[route]);
    const ratio = pipeline / bare;
    worst = Math.min(worst, ratio);
    console.log(
      `${route.padEnd(20)} bare express ${bare.toFixed(0).padStart(6)} req/s   neuro-core ${pipeline.toFixed(0).padStart(6)} req/s   ratio ${ratio.toFixed(2)}`,
    );
  }
  console.log(
    `worst ratio ${worst.toFixed(2)} (target >= ${TARGET}): ${worst >= TARGET ? 'met' : 'NOT met'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

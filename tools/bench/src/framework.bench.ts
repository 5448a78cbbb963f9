// `npm run bench -- framework`: the same two endpoints (a 20-item list query; a load-change-save command)
// on bare express, on neuro-core (its HTTP pipeline and mediator with behaviors, auth off) and on NestJS 11
// with @nestjs/cqrs, requests/s and latency, and neuro-core's ratio to each.
//
// Method (tools/bench/README.md): all servers are loaded at the same time, in short rounds, pinned to one
// shared CPU (where `taskset` exists; autocannon gets the other CPUs). The scheduler splits that CPU
// evenly, so the ratio of two throughputs is the ratio of their cost per request, and any drift of the
// machine hits every side at once. A second bare express server, loaded in the same rounds, gives the
// calibration line: the method's own noise.
import { join } from 'node:path';
import {
  type LoadResult,
  type RequestShape,
  type ServerProcess,
  bundle,
  cpuMs,
  cpuPinning,
  load,
  startServer,
  stopServer,
} from './support/load';
import { fixed, median, printTable, quantile, run, size, verdict } from './support/report';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? size(15, 1));
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? size(1, 0.3));
const WARM_UP_SECONDS = size(2, 0);
const CONNECTIONS = 32;
const TARGET_BARE = 0.9;
const TARGET_NEST = 1.2;

const SIDES = ['bare', 'calibration', 'neuro', 'nest'] as const;
type Side = (typeof SIDES)[number];

const ROUTES: ReadonlyArray<{ name: string; request: RequestShape }> = [
  { name: 'query: GET 20-item list', request: { method: 'GET', path: '/api/items' } },
  {
    name: 'command: load, change, save',
    request: { method: 'POST', path: '/api/items/item-1/adjust', body: { delta: 1 } },
  },
];

/** One side's share of a round: the load generator's figures and the CPU time the server used meanwhile. */
type Measured = LoadResult & { readonly cpuMs: number };

/** One round: every side loaded at once; who starts first rotates, so no side always gets the head start. */
async function round(
  servers: Record<Side, ServerProcess>,
  request: RequestShape,
  seconds: number,
  turn: number,
): Promise<Record<Side, Measured>> {
  const order = SIDES.map((_, i) => SIDES[(i + turn) % SIDES.length]!);
  const cpuBefore = order.map((side) => cpuMs(servers[side].child.pid!));
  const results = await Promise.all(
    order.map((side) => load(servers[side].port, request, { seconds, connections: CONNECTIONS })),
  );
  const cpuAfter = order.map((side) => cpuMs(servers[side].child.pid!));
  return Object.fromEntries(
    order.map((side, i) => [side, { ...results[i]!, cpuMs: cpuAfter[i]! - cpuBefore[i]! }]),
  ) as Record<Side, Measured>;
}

/**
 * CPU time per request over all rounds, in µs: the cost itself, which the throughput ratio only shows while
 * the servers, not the load generator, are what is saturated.
 */
function cpuPerRequest(rounds: ReadonlyArray<Record<Side, Measured>>, side: Side): number {
  const cpu = rounds.reduce((sum, r) => sum + r[side].cpuMs, 0);
  const requests = rounds.reduce((sum, r) => sum + r[side].requests, 0);
  return (cpu * 1000) / requests;
}

const ratioSpread = (ratios: number[]) =>
  `${fixed(median(ratios))} (${fixed(quantile(ratios, 0.25))}-${fixed(quantile(ratios, 0.75))})`;

async function main(): Promise<void> {
  const file = await bundle(join(import.meta.dirname, 'framework/framework-server.ts'), 'framework-server');
  const pin = cpuPinning();
  console.log(
    `framework benchmark: ${ROUNDS} rounds x ${SECONDS} s per endpoint, ${CONNECTIONS} connections per server, ` +
      `4 servers loaded at once (${pin.note}); req/s is each server's share of one CPU; ratios are medians ` +
      `of per-round ratios (middle half in brackets); CPU µs/request is each server's CPU time (/proc) over ` +
      `all rounds per request it answered`,
  );
  const started: ServerProcess[] = [];
  const servers = {} as Record<Side, ServerProcess>;
  const rows: Array<Array<string | number>> = [];
  let worstBare = Infinity;
  let worstNest = Infinity;
  try {
    await Promise.all(
      SIDES.map(async (side) => {
        const server = await startServer(file, [side === 'calibration' ? 'bare' : side], pin.server);
        started.push(server);
        servers[side] = server;
      }),
    );
    for (const { name, request } of ROUTES) {
      if (WARM_UP_SECONDS > 0) await round(servers, request, WARM_UP_SECONDS, 0);
      const rounds: Array<Record<Side, Measured>> = [];
      for (let turn = 0; turn < ROUNDS; turn++) rounds.push(await round(servers, request, SECONDS, turn));
      const per = (side: Side, pick: (r: LoadResult) => number) => median(rounds.map((r) => pick(r[side])));
      const ratios = (a: Side, b: Side) => rounds.map((r) => r[a].requestsPerSecond / r[b].requestsPerSecond);
      const toBare = ratios('neuro', 'bare');
      const toNest = ratios('neuro', 'nest');
      worstBare = Math.min(worstBare, median(toBare));
      worstNest = Math.min(worstNest, median(toNest));
      const cell = (side: Side) =>
        `${per(side, (r) => r.requestsPerSecond).toFixed(0)} (${per(side, (r) => r.p50Ms)}/${per(side, (r) => r.p99Ms)})`;
      rows.push([
        name,
        cell('bare'),
        cell('neuro'),
        cell('nest'),
        ratioSpread(toBare),
        ratioSpread(toNest),
        ratioSpread(ratios('calibration', 'bare')),
        SIDES.filter((side) => side !== 'calibration')
          .map((side) => fixed(cpuPerRequest(rounds, side), 0))
          .join(' / '),
      ]);
    }
  } finally {
    for (const server of started) await stopServer(server);
  }
  printTable(
    [
      'endpoint',
      'express req/s (p50/p99 ms)',
      'neuro-core',
      'NestJS CQRS',
      'neuro/express',
      'neuro/NestJS',
      'express/express',
      'CPU µs/request (express/neuro/NestJS)',
    ],
    rows,
  );
  verdict(
    'framework',
    `neuro-core/express ${fixed(worstBare)} (target >= ${TARGET_BARE}), ` +
      `neuro-core/NestJS CQRS ${fixed(worstNest)} (target >= ${TARGET_NEST}), worst endpoint of each`,
    worstBare >= TARGET_BARE && worstNest >= TARGET_NEST,
  );
}

run(main);

// `npm run bench -- placement`: session-manager's pure placement of 1,000 / 10,000 / 100,000 session requests
// over 100 / 1,000 / 10,000 workers (three worker sizes, three licence types, two regions), with mixed
// lablet templates and 200 distinct timeslots. Per size: time of the whole batch (median of rounds), p99
// of one decision (a single request placed on the loaded fleet, as `placement-now` does), how many were
// placed, and packing quality: the most workers busy at one instant against the lower bound of that
// instant, the fewest workers whose capacity covers the demand running then (⌈Σdemand / capacity⌉ with
// the largest workers first, per resource). Then worker-manager's capacity planner on bursts of waiting
// sessions (placement/capacity-planning.ts), with a verdict line of its own.
import {
  type PlacementDecision,
  type PlacementRequest,
  type PlacementWorker,
  type SessionDemand,
  allocationFor,
  placeSessions,
} from '@lcm/session-manager';
import { benchCapacityPlanner } from './placement/capacity-planning';
import { fixed, median, printTable, quantile, run, size, verdict } from './support/report';
import { timed } from './support/timed';
import { seededRandom } from './support/seeded-random';

const SIZES = size(
  [
    { requests: 1_000, workers: 100 },
    { requests: 10_000, workers: 1_000 },
    { requests: 100_000, workers: 10_000 },
  ],
  [
    { requests: 100, workers: 10 },
    { requests: 1_000, workers: 100 },
  ],
);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? size(5, 1));
const SINGLE_DECISIONS = size(200, 20);
const TIMESLOTS = 200;
const TARGET_MS = 100; // 10,000 requests over 1,000 workers
const TARGET_PACKING = 1.1;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const SLOT_MINUTES = 30;

const workerSizes = [
  { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
  { cpuCores: 16, memoryGb: 64, storageGb: 400, maxNodes: 60 },
  { cpuCores: 48, memoryGb: 192, storageGb: 1000, maxNodes: 200 },
];
const licences = ['ENTERPRISE', 'ENTERPRISE', 'PERSONAL', 'EVALUATION'] as const;
const regions = ['us-east-1', 'eu-west-1'];

/** Lablet templates: what a session of each needs, and which licences may run it. */
const templates: SessionDemand[] = [
  {
    cpuCores: 1,
    memoryGb: 2,
    storageGb: 10,
    nodeCount: 3,
    ports: 1,
    licenseAffinity: ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
  },
  {
    cpuCores: 2,
    memoryGb: 4,
    storageGb: 20,
    nodeCount: 6,
    ports: 2,
    licenseAffinity: ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
  },
  {
    cpuCores: 2,
    memoryGb: 8,
    storageGb: 30,
    nodeCount: 12,
    ports: 2,
    licenseAffinity: ['ENTERPRISE', 'EVALUATION'],
  },
  { cpuCores: 4, memoryGb: 16, storageGb: 40, nodeCount: 24, ports: 4, licenseAffinity: ['ENTERPRISE'] },
  {
    cpuCores: 3,
    memoryGb: 6,
    storageGb: 15,
    nodeCount: 8,
    ports: 1,
    licenseAffinity: ['PERSONAL', 'ENTERPRISE'],
  },
  { cpuCores: 6, memoryGb: 24, storageGb: 60, nodeCount: 40, ports: 3, licenseAffinity: ['ENTERPRISE'] },
];

function fleet(count: number): PlacementWorker[] {
  return Array.from({ length: count }, (_, i) => ({
    workerId: `w${String(i).padStart(5, '0')}`,
    status: i % 20 === 0 ? 'DRAINING' : 'RUNNING',
    region: regions[i % regions.length]!,
    licenseType: licences[i % licences.length]!,
    capacity: workerSizes[i % workerSizes.length]!,
    portCount: 8000,
    allocations: [],
  }));
}

/** 200 timeslots: 100 start times half an hour apart, each with a 1 h and a 2 h length. */
function requestsOf(count: number, seed: number): PlacementRequest[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const slot = Math.floor(next() * TIMESLOTS);
    const start = T0 + Math.floor(slot / 2) * SLOT_MINUTES * 60_000;
    const template = templates[Math.floor(next() * templates.length)]!;
    return {
      sessionId: `s${i}`,
      start,
      end: start + (slot % 2 === 0 ? 60 : 120) * 60_000,
      region: regions[Math.floor(next() * regions.length)]!,
      demand: template,
    };
  });
}

type Resource = 'cpuCores' | 'memoryGb' | 'storageGb' | 'nodeCount';
const RESOURCES: Array<[Resource, (w: PlacementWorker) => number]> = [
  ['cpuCores', (w) => w.capacity.cpuCores],
  ['memoryGb', (w) => w.capacity.memoryGb],
  ['storageGb', (w) => w.capacity.storageGb],
  ['nodeCount', (w) => w.capacity.maxNodes],
];

/**
 * At each instant a session starts: the workers holding a running session, and the lower bound, the
 * fewest RUNNING workers (largest first) whose capacity covers the placed demand of that instant, per
 * resource. Returns the instant with the most workers busy and the highest lower bound.
 */
function packing(
  workers: readonly PlacementWorker[],
  requests: readonly PlacementRequest[],
  decisions: readonly PlacementDecision[],
) {
  const running = workers.filter((w) => w.status === 'RUNNING');
  const sortedCapacity = RESOURCES.map(([, capacity]) => running.map(capacity).sort((a, b) => b - a));
  const placed = decisions.flatMap((d, i) =>
    d.workerId === null ? [] : [{ request: requests[i]!, workerId: d.workerId }],
  );
  const instants = [...new Set(placed.map((p) => p.request.start))];
  let used = 0;
  let bound = 0;
  for (const at of instants) {
    const active = placed.filter((p) => p.request.start <= at && p.request.end > at);
    used = Math.max(used, new Set(active.map((p) => p.workerId)).size);
    RESOURCES.forEach(([resource], r) => {
      let demand = active.reduce((sum, p) => sum + p.request.demand[resource], 0);
      let needed = 0;
      for (const capacity of sortedCapacity[r]!) {
        if (demand <= 0) break;
        demand -= capacity;
        needed++;
      }
      bound = Math.max(bound, needed);
    });
  }
  return { used, bound };
}

async function main(): Promise<void> {
  console.log(
    `placement benchmark: ${SIZES.map((s) => `${s.requests} over ${s.workers}`).join(', ')} ` +
      `(requests over workers), ${TIMESLOTS} timeslots, ${templates.length} lablet templates; ` +
      `batch time is the median of ${ROUNDS} rounds (3 for 100,000), p99 of one decision over ${SINGLE_DECISIONS} requests placed alone on the loaded fleet`,
  );
  const rows: Array<Array<string | number>> = [];
  const results: Array<{ n: number; ms: number; used: number; bound: number }> = [];
  for (const { requests: n, workers: count } of SIZES) {
    const workers = fleet(count);
    const requests = requestsOf(n, n);
    placeSessions(workers, requests); // warm-up
    const samples: number[] = [];
    let decisions: PlacementDecision[] = [];
    // The largest size takes seconds a round; three rounds keep the whole run under its time budget.
    const rounds = n >= 100_000 ? Math.min(3, ROUNDS) : ROUNDS;
    for (let round = 0; round < rounds; round++) {
      const result = timed(() => placeSessions(workers, requests));
      samples.push(result.ms);
      decisions = result.value;
    }
    const ms = median(samples);
    // The fleet holding this batch's placements; single decisions are made against it.
    const held = new Map<string, PlacementWorker['allocations'][number][]>();
    decisions.forEach((d, i) => {
      if (d.workerId === null) return;
      const r = requests[i]!;
      const list = held.get(d.workerId) ?? [];
      list.push(allocationFor(r));
      held.set(d.workerId, list);
    });
    const loaded = workers.map((w) => ({ ...w, allocations: held.get(w.workerId) ?? [] }));
    const singles = requestsOf(SINGLE_DECISIONS, n + 1).map(
      (r) => timed(() => placeSessions(loaded, [r])).ms,
    );
    const placed = decisions.filter((d) => d.workerId !== null).length;
    const { used, bound } = packing(workers, requests, decisions);
    results.push({ n, ms, used, bound });
    rows.push([
      `${n} over ${count}`,
      fixed(ms, 1),
      fixed(quantile(singles, 0.99), 3),
      `${placed} / ${n}`,
      used,
      bound,
      fixed(used / Math.max(1, bound)),
    ]);
  }
  printTable(
    [
      'requests over workers',
      'batch ms',
      'one decision p99 ms',
      'placed',
      'peak workers used',
      'lower bound',
      'used/bound',
    ],
    rows,
  );
  // Growth between consecutive sizes against n·log n: 1.00 is exactly n·log n, above it is worse.
  const growth = results.slice(1).map((r, i) => {
    const before = results[i]!;
    return r.ms / before.ms / ((r.n * Math.log(r.n)) / (before.n * Math.log(before.n)));
  });
  const reference = results.find((r) => r.n === 10_000);
  const worstPacking = Math.max(...results.map((r) => r.used / Math.max(1, r.bound)));
  const worstGrowth = Math.max(...growth);
  verdict(
    'placement',
    `${reference ? `10,000 over 1,000 in ${fixed(reference.ms, 1)} ms (target < ${TARGET_MS}), ` : ''}` +
      `growth / n·log n ${growth.map((g) => fixed(g)).join(', ')} (target <= 1), ` +
      `workers used / lower bound ${fixed(worstPacking)} (target <= ${TARGET_PACKING})`,
    (!reference || reference.ms < TARGET_MS) && worstGrowth <= 1 && worstPacking <= TARGET_PACKING,
  );
  await benchCapacityPlanner();
}

run(main);

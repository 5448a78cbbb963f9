// `npm run bench -- placement`: how fast session-manager's pure placement service decides 10,000 session
// requests over 1,000 workers (mixed regions, licences and sizes, 144 distinct timeslots), against a naive
// first-fit loop over the same input that re-scans every worker's allocations per request. Rounds
// alternate the two so machine drift hits both; the median of each is reported.
import {
  type PlacementRequest,
  type PlacementWorker,
  freeCapacityDuring,
  licenceAllows,
  placeSessions,
} from '@lcm/session-manager';

const WORKERS = 1000;
const REQUESTS = 10_000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const TARGET_MS = 500;
const T0 = Date.parse('2026-03-02T08:00:00Z');

const sizes = [
  { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
  { cpuCores: 16, memoryGb: 64, storageGb: 400, maxNodes: 60 },
  { cpuCores: 48, memoryGb: 192, storageGb: 1000, maxNodes: 200 },
];
const licences = ['ENTERPRISE', 'ENTERPRISE', 'PERSONAL', 'EVALUATION'] as const;
const regions = ['us-east-1', 'us-east-1', 'eu-west-1'];

function fleet(): PlacementWorker[] {
  return Array.from({ length: WORKERS }, (_, i) => ({
    workerId: `w${String(i).padStart(4, '0')}`,
    status: i % 20 === 0 ? 'DRAINING' : 'RUNNING',
    region: regions[i % regions.length],
    licenseType: licences[i % licences.length],
    capacity: sizes[i % sizes.length],
    portCount: 8000,
    allocations: [],
  }));
}

function demandOf(i: number): PlacementRequest {
  const start = T0 + (i % 48) * 30 * 60_000;
  return {
    sessionId: `s${i}`,
    start,
    end: start + (60 + (i % 3) * 30) * 60_000,
    region: regions[i % 2],
    demand: {
      cpuCores: 1 + (i % 3),
      memoryGb: 2 + (i % 4) * 2,
      storageGb: 10 + (i % 5) * 5,
      nodeCount: 3 + (i % 25),
      ports: 1 + (i % 4),
      licenseAffinity: i % 7 === 0 ? ['ENTERPRISE'] : ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
    },
  };
}

/** The baseline: first worker that fits, checking each worker's allocations afresh per request. */
function naiveFirstFit(workers: readonly PlacementWorker[], requests: readonly PlacementRequest[]): number {
  const held = workers.map((w) => [...w.allocations]);
  let placed = 0;
  for (const r of [...requests].sort((a, b) => a.start - b.start)) {
    for (let w = 0; w < workers.length; w++) {
      const worker = workers[w];
      if (worker.status !== 'RUNNING' || !licenceAllows(worker.licenseType, r.demand)) continue;
      const free = freeCapacityDuring(worker.capacity, worker.portCount, held[w], r.start, r.end);
      const d = r.demand;
      if (
        free.cpuCores < d.cpuCores ||
        free.memoryGb < d.memoryGb ||
        free.storageGb < d.storageGb ||
        free.nodes < d.nodeCount ||
        free.ports < d.ports
      )
        continue;
      held[w].push({
        sessionId: r.sessionId,
        start: r.start,
        end: r.end,
        cpuCores: d.cpuCores,
        memoryGb: d.memoryGb,
        storageGb: d.storageGb,
        nodes: d.nodeCount,
        ports: d.ports,
      });
      placed++;
      break;
    }
  }
  return placed;
}

function time(run: () => number): { ms: number; placed: number } {
  const started = process.hrtime.bigint();
  const placed = run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, placed };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const workers = fleet();
const requests = Array.from({ length: REQUESTS }, (_, i) => demandOf(i));
const scored = () => placeSessions(workers, requests).filter((d) => d.workerId !== null).length;
const naive = () => naiveFirstFit(workers, requests);
scored();
naive();
const samples = { scored: [] as number[], naive: [] as number[] };
let placed = { scored: 0, naive: 0 };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? (['scored', 'naive'] as const) : (['naive', 'scored'] as const);
  for (const variant of order) {
    const result = time(variant === 'scored' ? scored : naive);
    samples[variant].push(result.ms);
    placed = { ...placed, [variant]: result.placed };
  }
}
const ms = median(samples.scored);
const base = median(samples.naive);
console.log(`placement benchmark: ${REQUESTS} requests over ${WORKERS} workers, ${ROUNDS} rounds (median)`);
console.log(
  `scored placement   ${ms.toFixed(1).padStart(8)} ms   ${((REQUESTS / ms) * 1000).toFixed(0).padStart(9)} requests/s   placed ${placed.scored}`,
);
console.log(
  `naive first-fit    ${base.toFixed(1).padStart(8)} ms   ${((REQUESTS / base) * 1000).toFixed(0).padStart(9)} requests/s   placed ${placed.naive}`,
);
console.log(
  `ratio (naive time / scored time) ${(base / ms).toFixed(2)}; target: scored under ${TARGET_MS} ms`,
);
if (ms > TARGET_MS) {
  console.error(`FAIL: ${ms.toFixed(1)} ms is above the ${TARGET_MS} ms target`);
  process.exitCode = 1;
}

import type { SessionDemand } from '../entities/session-demand';
import type { LicenseType } from '../entities/session-status';
import { freeCapacityDuring } from './capacity-window';
import {
  type PlacementDecision,
  type PlacementRequest,
  type PlacementWorker,
  allocationFor,
  licenceAllows,
  placeSessions,
} from './placement.service';

/**
 * placeSessions keeps candidates sorted per kind of worker and per demand so a decision reads a few of
 * them; this is the rule it implements, read off docs/domain.md#placement and checked against every
 * worker for every request. Same inputs, same decisions, scores and reasons.
 */
function referencePlacement(
  workers: readonly PlacementWorker[],
  requests: readonly PlacementRequest[],
): PlacementDecision[] {
  const held = new Map(workers.map((w) => [w.workerId, [...w.allocations]]));
  const order = requests
    .map((_, i) => i)
    .sort((a, b) => requests[a].start - requests[b].start || requests[a].end - requests[b].end || a - b);
  const decisions: PlacementDecision[] = new Array(requests.length);
  for (const index of order) {
    const r = requests[index];
    const d = r.demand;
    let best: PlacementWorker | null = null;
    let bestScore = -1;
    const reasons = [workers.some((w) => w.status === 'DRAINING') ? 'WORKER_DRAINING' : 'NO_RUNNING_WORKER'];
    for (const w of workers) {
      if (w.status !== 'RUNNING') continue;
      reasons.push('INSUFFICIENT_LICENSE');
      if (!licenceAllows(w.licenseType, d)) continue;
      reasons.push('INSUFFICIENT_RESOURCES');
      const c = w.capacity;
      if (
        c.cpuCores < d.cpuCores ||
        c.memoryGb < d.memoryGb ||
        c.storageGb < d.storageGb ||
        c.maxNodes < d.nodeCount ||
        w.portCount < d.ports
      ) {
        continue;
      }
      reasons.push('AT_CAPACITY');
      const free = freeCapacityDuring(c, w.portCount, held.get(w.workerId) ?? [], r.start, r.end);
      const cpuLeft = free.cpuCores - d.cpuCores;
      const memLeft = free.memoryGb - d.memoryGb;
      const diskLeft = free.storageGb - d.storageGb;
      const nodesLeft = free.nodes - d.nodeCount;
      if (cpuLeft < 0 || memLeft < 0 || diskLeft < 0 || nodesLeft < 0 || free.ports < d.ports) continue;
      const left =
        cpuLeft * (1 / c.cpuCores) +
        memLeft * (1 / c.memoryGb) +
        diskLeft * (1 / c.storageGb) +
        nodesLeft * (1 / c.maxNodes);
      const score = 0.6 * (1 - left / 4) + (w.region === r.region ? 0.2 : 0) + 0.2 / (1 + free.overlapping);
      if (score > bestScore || (score === bestScore && best !== null && w.workerId < best.workerId)) {
        best = w;
        bestScore = score;
      }
    }
    if (best === null) {
      const stages = [
        'NO_RUNNING_WORKER',
        'WORKER_DRAINING',
        'INSUFFICIENT_LICENSE',
        'INSUFFICIENT_RESOURCES',
        'AT_CAPACITY',
      ];
      const reason = reasons.reduce((a, b) => (stages.indexOf(b) > stages.indexOf(a) ? b : a));
      decisions[index] = { sessionId: r.sessionId, workerId: null, score: null, reason } as PlacementDecision;
      continue;
    }
    held.get(best.workerId)?.push(allocationFor(r));
    decisions[index] = {
      sessionId: r.sessionId,
      workerId: best.workerId,
      score: Math.round(bestScore * 1e6) / 1e6,
      reason: null,
    };
  }
  return decisions;
}

/** mulberry32: the same seed gives the same fleet and requests on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const LICENCES: LicenseType[] = ['ENTERPRISE', 'PERSONAL', 'EVALUATION'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const SIZES = [
  { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
  { cpuCores: 16, memoryGb: 64, storageGb: 400, maxNodes: 60 },
];

/**
 * A fleet of few kinds (so a kind holds enough busy workers to be kept sorted), some not RUNNING, some
 * already holding sessions; requests over a few overlapping timeslots, mostly of five lablets, the rest
 * of demands drawn at random (more distinct demands in a window than get lists of their own, some too
 * large for any worker). Integer amounts keep both sides' arithmetic exact.
 */
function scenario(seed: number, workerCount: number, requestCount: number) {
  const next = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const int = (max: number) => 1 + Math.floor(next() * max);
  const lablets: SessionDemand[] = [1, 2, 3, 4, 5].map((n) => ({
    cpuCores: n,
    memoryGb: 2 * n,
    storageGb: 10 * n,
    nodeCount: 5 * n - 2,
    ports: n,
    licenseAffinity: n > 3 ? ['ENTERPRISE'] : ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
  }));
  const demand = (): SessionDemand =>
    next() < 0.7
      ? pick(lablets)
      : {
          cpuCores: int(20),
          memoryGb: int(40),
          storageGb: int(150),
          nodeCount: int(35),
          ports: int(4),
          licenseAffinity: next() < 0.5 ? ['ENTERPRISE'] : ['PERSONAL', 'EVALUATION'],
        };
  const window = () => {
    const start = Math.floor(next() * 6) * HOUR;
    return { start, end: start + pick([1, 2, 3]) * HOUR };
  };
  const workers: PlacementWorker[] = Array.from({ length: workerCount }, (_, i) => ({
    workerId: `w${String(int(1000)).padStart(4, '0')}-${i}`,
    status: pick(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'DRAINING', 'STOPPED']),
    region: pick(REGIONS),
    licenseType: pick(LICENCES.slice(0, 2)),
    capacity: pick(SIZES),
    portCount: 40,
    allocations:
      next() < 0.2
        ? [allocationFor({ sessionId: `held-${i}`, ...window(), region: 'us-east-1', demand: pick(lablets) })]
        : [],
  }));
  const requests: PlacementRequest[] = Array.from({ length: requestCount }, (_, i) => ({
    sessionId: `s${i}`,
    ...window(),
    region: pick(REGIONS),
    demand: demand(),
  }));
  return { workers, requests };
}

describe('placeSessions against the rule checked on every worker', () => {
  it.each([
    [1, 20, 60],
    [2, 60, 400],
    [3, 500, 3000],
    [4, 600, 4000],
  ])(
    'decides seed %i (%i workers, %i requests) exactly as the reference',
    (seed, workerCount, requestCount) => {
      const { workers, requests } = scenario(seed, workerCount, requestCount);
      const decisions = placeSessions(workers, requests);
      expect(decisions).toEqual(referencePlacement(workers, requests));
      // The scenario reaches every outcome, so agreement is not agreement on an easy case.
      const reasons = new Set(decisions.map((d) => d.reason));
      expect(reasons).toEqual(
        new Set([null, 'AT_CAPACITY', 'INSUFFICIENT_RESOURCES', 'INSUFFICIENT_LICENSE']),
      );
    },
  );
});

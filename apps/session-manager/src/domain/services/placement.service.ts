import type { Allocation } from '../entities/allocation';
import type { SessionDemand } from '../entities/session-demand';
import {
  type LicenseType,
  PERSONAL_LICENSE_MAX_NODES,
  type PlacementReason,
} from '../entities/session-status';
import type { Capacity } from '../entities/worker-capacity.aggregate';
import { freeCapacityDuring } from './capacity-window';

/** A worker as placement sees it: its read model and the allocations it already holds. */
export interface PlacementWorker {
  readonly workerId: string;
  readonly status: string;
  readonly region: string;
  readonly licenseType: LicenseType;
  readonly capacity: Capacity;
  readonly portCount: number;
  readonly allocations: readonly Allocation[];
}

/** One session waiting for a worker. Times are epoch milliseconds. */
export interface PlacementRequest {
  readonly sessionId: string;
  readonly start: number;
  readonly end: number;
  readonly region: string;
  readonly demand: SessionDemand;
}

/** Where a session goes, or why it stays PENDING. */
export type PlacementDecision =
  | { readonly sessionId: string; readonly workerId: string; readonly score: number; readonly reason: null }
  | {
      readonly sessionId: string;
      readonly workerId: null;
      readonly score: null;
      readonly reason: PlacementReason;
    };

/** Score weights of docs/domain.md#placement: bin-packing, same region, fewest active sessions. */
const BIN_PACKING = 0.6;
const SAME_REGION = 0.2;
const FEWEST_SESSIONS = 0.2;

/** How far a worker got through the filters, to name the reason when no worker takes a request. */
const enum Stage {
  NotRunning = 0,
  Draining = 1,
  Licence = 2,
  Resources = 3,
  Window = 4,
}

/** True when a worker's licence may run a definition (affinity, and PERSONAL's node limit). */
export function licenceAllows(licenseType: LicenseType, demand: SessionDemand): boolean {
  if (!demand.licenseAffinity.includes(licenseType)) return false;
  return licenseType !== 'PERSONAL' || demand.nodeCount <= PERSONAL_LICENSE_MAX_NODES;
}

/**
 * Decides where sessions go: pure (no I/O, time comes in the requests), so it is tested and benchmarked
 * on plain data. Candidates are RUNNING workers whose licence is in the definition's affinity (PERSONAL:
 * at most 20 nodes) and whose free cpu, memory, storage, nodes and ports cover the session for its whole
 * timeslot, overlapping allocations counted. Among them the highest score wins:
 * 0.6 bin-packing (least capacity left after placement) + 0.2 same region + 0.2 fewest overlapping
 * sessions; ties go to the lower worker id so decisions are reproducible. Requests are decided earliest
 * start first (then earliest end), each decision holding its capacity for the ones after it. Nothing already placed is ever
 * moved (no pre-emption). An unplaced request gets the reason of the furthest any worker got:
 * WORKER_DRAINING (only draining workers), NO_RUNNING_WORKER, INSUFFICIENT_LICENSE,
 * INSUFFICIENT_RESOURCES (too small even when empty), AT_CAPACITY (taken during the timeslot).
 */
export function placeSessions(
  workers: readonly PlacementWorker[],
  requests: readonly PlacementRequest[],
): PlacementDecision[] {
  const count = workers.length;
  const held = workers.map((w) => [...w.allocations]);
  // Free capacity per worker for the current window, recomputed only when the window changes: requests
  // come sorted by (start, end), so sessions of one timeslot share it, and a placement lowers just the
  // chosen worker's row by exactly its demand (it covers the whole window).
  const freeCpu = new Float64Array(count);
  const freeMem = new Float64Array(count);
  const freeDisk = new Float64Array(count);
  const freeNodes = new Float64Array(count);
  const freePorts = new Float64Array(count);
  const overlapping = new Float64Array(count);
  // The static facts of each worker in flat arrays: the inner loop runs workers x requests times.
  const running = new Uint8Array(count);
  const licence = new Uint8Array(count);
  const capCpu = new Float64Array(count);
  const capMem = new Float64Array(count);
  const capDisk = new Float64Array(count);
  const capNodes = new Float64Array(count);
  const capPorts = new Float64Array(count);
  const invCpu = new Float64Array(count);
  const invMem = new Float64Array(count);
  const invDisk = new Float64Array(count);
  const invNodes = new Float64Array(count);
  const region = new Int32Array(count);
  const regionIndex = new Map<string, number>();
  const kind: string[] = new Array(count);
  const candidates: number[] = [];
  const queues = new Map<string, number[]>();
  const slotOf = new Map<string, number>();
  const byIdDescending = workers
    .map((_, w) => w)
    .sort((a, b) =>
      workers[a].workerId < workers[b].workerId ? 1 : workers[a].workerId > workers[b].workerId ? -1 : 0,
    );
  let anyDraining = false;
  for (let w = 0; w < count; w++) {
    const worker = workers[w];
    if (!regionIndex.has(worker.region)) regionIndex.set(worker.region, regionIndex.size);
    region[w] = regionIndex.get(worker.region) as number;
    invCpu[w] = inverse(worker.capacity.cpuCores);
    invMem[w] = inverse(worker.capacity.memoryGb);
    invDisk[w] = inverse(worker.capacity.storageGb);
    invNodes[w] = inverse(worker.capacity.maxNodes);
    running[w] = worker.status === 'RUNNING' ? 1 : 0;
    anyDraining ||= worker.status === 'DRAINING';
    licence[w] = LICENCE_BIT[worker.licenseType];
    capCpu[w] = worker.capacity.cpuCores;
    capMem[w] = worker.capacity.memoryGb;
    capDisk[w] = worker.capacity.storageGb;
    capNodes[w] = worker.capacity.maxNodes;
    capPorts[w] = worker.portCount;
    const c = worker.capacity;
    kind[w] =
      `${worker.licenseType}|${worker.region}|${c.cpuCores}|${c.memoryGb}|${c.storageGb}|${c.maxNodes}|${worker.portCount}`;
  }
  const order = requests
    .map((_, i) => i)
    .sort((a, b) => requests[a].start - requests[b].start || requests[a].end - requests[b].end || a - b);
  const decisions: PlacementDecision[] = new Array(requests.length);
  let windowStart = Number.NaN;
  let windowEnd = Number.NaN;
  for (const index of order) {
    const request = requests[index];
    if (request.start !== windowStart || request.end !== windowEnd) {
      windowStart = request.start;
      windowEnd = request.end;
      candidates.length = 0;
      queues.clear();
      slotOf.clear();
      for (const w of byIdDescending) {
        if (running[w] === 0) continue;
        const free = freeCapacityDuring(
          workers[w].capacity,
          workers[w].portCount,
          held[w],
          windowStart,
          windowEnd,
        );
        freeCpu[w] = free.cpuCores;
        freeMem[w] = free.memoryGb;
        freeDisk[w] = free.storageGb;
        freeNodes[w] = free.nodes;
        freePorts[w] = free.ports;
        overlapping[w] = free.overlapping;
        if (free.overlapping > 0) {
          candidates.push(w);
        } else {
          const queue = queues.get(kind[w]);
          if (queue) queue.push(w);
          else queues.set(kind[w], [w]);
        }
      }
      // Idle workers of one kind score alike and ties go to the lowest id: only that one is a candidate.
      for (const [key, queue] of queues) {
        slotOf.set(key, candidates.length);
        candidates.push(queue.pop() as number);
      }
    }
    const demand = request.demand;
    const allowed = licenceMask(demand);
    const needCpu = demand.cpuCores;
    const needMem = demand.memoryGb;
    const needDisk = demand.storageGb;
    const needNodes = demand.nodeCount;
    const needPorts = demand.ports;
    const home = regionIndex.get(request.region) ?? -1;
    let best = -1;
    let bestScore = -1;
    let furthest = anyDraining ? Stage.Draining : Stage.NotRunning;
    for (let c = 0; c < candidates.length; c++) {
      const w = candidates[c];
      if (furthest < Stage.Licence) furthest = Stage.Licence;
      if ((licence[w] & allowed) === 0) continue;
      if (furthest < Stage.Resources) furthest = Stage.Resources;
      if (
        capCpu[w] < needCpu ||
        capMem[w] < needMem ||
        capDisk[w] < needDisk ||
        capNodes[w] < needNodes ||
        capPorts[w] < needPorts
      ) {
        continue;
      }
      if (furthest < Stage.Window) furthest = Stage.Window;
      const cpuLeft = freeCpu[w] - needCpu;
      const memLeft = freeMem[w] - needMem;
      const diskLeft = freeDisk[w] - needDisk;
      const nodesLeft = freeNodes[w] - needNodes;
      if (cpuLeft < 0 || memLeft < 0 || diskLeft < 0 || nodesLeft < 0 || freePorts[w] < needPorts) continue;
      const left =
        cpuLeft * invCpu[w] + memLeft * invMem[w] + diskLeft * invDisk[w] + nodesLeft * invNodes[w];
      const score =
        BIN_PACKING * (1 - left / 4) +
        (region[w] === home ? SAME_REGION : 0) +
        FEWEST_SESSIONS / (1 + overlapping[w]);
      if (score > bestScore || (score === bestScore && workers[w].workerId < workers[best].workerId)) {
        best = w;
        bestScore = score;
      }
    }
    if (best < 0) {
      decisions[index] = {
        sessionId: request.sessionId,
        workerId: null,
        score: null,
        reason: reasonOf(furthest),
      };
      continue;
    }
    held[best].push({
      sessionId: request.sessionId,
      start: request.start,
      end: request.end,
      cpuCores: demand.cpuCores,
      memoryGb: demand.memoryGb,
      storageGb: demand.storageGb,
      nodes: demand.nodeCount,
      ports: demand.ports,
    });
    freeCpu[best] -= needCpu;
    freeMem[best] -= needMem;
    freeDisk[best] -= needDisk;
    freeNodes[best] -= needNodes;
    freePorts[best] -= needPorts;
    if (overlapping[best] === 0) {
      // The idle representative is now busy: the next idle worker of its kind stands in for the rest.
      const next = queues.get(kind[best])?.pop();
      if (next !== undefined) {
        candidates[slotOf.get(kind[best]) as number] = next;
        candidates.push(best);
      }
    }
    overlapping[best] += 1;
    decisions[index] = {
      sessionId: request.sessionId,
      workerId: workers[best].workerId,
      score: Math.round(bestScore * 1e6) / 1e6,
      reason: null,
    };
  }
  return decisions;
}

const LICENCE_BIT: Record<LicenseType, number> = { PERSONAL: 1, ENTERPRISE: 2, EVALUATION: 4 };

/** The licence types (as bits) that may run a demand, PERSONAL only up to its node limit. */
function licenceMask(demand: SessionDemand): number {
  let mask = 0;
  for (const type of demand.licenseAffinity) {
    if (licenceAllows(type, demand)) mask |= LICENCE_BIT[type];
  }
  return mask;
}

/** 1/capacity, or 0 for a resource the worker does not have (it then adds nothing to the packing score). */
function inverse(capacity: number): number {
  return capacity > 0 ? 1 / capacity : 0;
}

function reasonOf(stage: Stage): PlacementReason {
  switch (stage) {
    case Stage.NotRunning:
      return 'NO_RUNNING_WORKER';
    case Stage.Draining:
      return 'WORKER_DRAINING';
    case Stage.Licence:
      return 'INSUFFICIENT_LICENSE';
    case Stage.Resources:
      return 'INSUFFICIENT_RESOURCES';
    case Stage.Window:
      return 'AT_CAPACITY';
  }
}

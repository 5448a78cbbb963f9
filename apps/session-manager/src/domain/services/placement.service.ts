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

/** The capacity a placed request holds on its worker for its timeslot. */
export function allocationFor({ sessionId, start, end, demand }: PlacementRequest): Allocation {
  return {
    sessionId,
    start,
    end,
    cpuCores: demand.cpuCores,
    memoryGb: demand.memoryGb,
    storageGb: demand.storageGb,
    nodes: demand.nodeCount,
    ports: demand.ports,
  };
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
 *
 * A decision does not score every worker: candidates are grouped by kind (see Kind), kept best-first, and
 * per demand only those with room are listed, so a batch grows with n·log n rather than requests x busy
 * workers; placement.reference.spec.ts checks it decides exactly as scoring every worker does.
 */
export function placeSessions(
  workers: readonly PlacementWorker[],
  requests: readonly PlacementRequest[],
): PlacementDecision[] {
  const count = workers.length;
  const held = workers.map((w) => [...w.allocations]);
  // Whether held[w] is non-empty, in a flat array: most of a large fleet holds nothing in a window, and
  // the window loop then never touches the worker's objects.
  const holding = Uint8Array.from(held, (list) => (list.length > 0 ? 1 : 0));
  // When the first of a worker's allocations ends: its list needs pruning only once a window starts later.
  const earliestEnd = Float64Array.from(held, (list) => earliestEndOf(list));
  // Free capacity per worker for the current window, recomputed only when the window changes: requests
  // come sorted by (start, end), so sessions of one timeslot share it, and a placement lowers just the
  // chosen worker's row by exactly its demand (it covers the whole window).
  const freeCpu = new Float64Array(count);
  const freeMem = new Float64Array(count);
  const freeDisk = new Float64Array(count);
  const freeNodes = new Float64Array(count);
  const freePorts = new Float64Array(count);
  const overlapping = new Float64Array(count);
  const key = new Float64Array(count);
  const running = new Uint8Array(count);
  const kindOf = new Int32Array(count);
  const kinds: Kind[] = [];
  const kindIndex = new Map<string, number>();
  const regionIndex = new Map<string, number>();
  const byIdDescending = workers
    .map((_, w) => w)
    .sort((a, b) =>
      workers[a].workerId < workers[b].workerId ? 1 : workers[a].workerId > workers[b].workerId ? -1 : 0,
    );
  let anyDraining = false;
  for (let w = 0; w < count; w++) {
    const worker = workers[w];
    running[w] = worker.status === 'RUNNING' ? 1 : 0;
    anyDraining ||= worker.status === 'DRAINING';
    if (!regionIndex.has(worker.region)) regionIndex.set(worker.region, regionIndex.size);
    const c = worker.capacity;
    const name = `${worker.licenseType}|${worker.region}|${c.cpuCores}|${c.memoryGb}|${c.storageGb}|${c.maxNodes}|${worker.portCount}`;
    let k = kindIndex.get(name);
    if (k === undefined) {
      k = kinds.length;
      kindIndex.set(name, k);
      kinds.push(kindOfWorker(worker, regionIndex.get(worker.region) as number));
    }
    kindOf[w] = k;
  }
  /** The part of a worker's score that depends on the worker, not on the request (see Kind). */
  const keyOf = (w: number, kind: Kind): number =>
    FEWEST_SESSIONS / (1 + overlapping[w]) -
    (BIN_PACKING / 4) *
      (freeCpu[w] * kind.invCpu +
        freeMem[w] * kind.invMem +
        freeDisk[w] * kind.invDisk +
        freeNodes[w] * kind.invNodes);
  /** Whether worker `w` has room for `need` now (the same comparisons the scan makes). */
  const fits = (w: number, need: Need): boolean =>
    freeCpu[w] - need.cpuCores >= 0 &&
    freeMem[w] - need.memoryGb >= 0 &&
    freeDisk[w] - need.storageGb >= 0 &&
    freeNodes[w] - need.nodes >= 0 &&
    freePorts[w] >= need.ports;
  const byKey = (a: number, b: number): number => key[b] - key[a];
  /** A few candidates are cheaper to scan than to keep in order; past SORT_FROM the kind keeps them sorted. */
  const sortIfLong = (kind: Kind): void => {
    if (kind.sorted || kind.candidates.length <= SORT_FROM) return;
    kind.candidates.sort(byKey);
    kind.sorted = true;
  };
  /** Puts `w` among a sorted kind's candidates and in each of its lists for a demand `w` has room for. */
  const admit = (kind: Kind, w: number): void => {
    insertCandidate(kind.candidates, key, w);
    for (const fitting of kind.fitting.values()) {
      if (fits(w, fitting.need)) insertCandidate(fitting.workers, key, w);
    }
  };
  const needs = new Map<string, Need>();
  // Flat copies of the times: reading them off 100,000 request objects again and again misses the cache.
  const starts = Float64Array.from(requests, (r) => r.start);
  const ends = Float64Array.from(requests, (r) => r.end);
  const order = byTimeslot(starts, ends);
  const decisions: PlacementDecision[] = new Array(requests.length);
  let windowStart = Number.NaN;
  let windowEnd = Number.NaN;
  for (const index of order) {
    const request = requests[index];
    if (starts[index] !== windowStart || ends[index] !== windowEnd) {
      windowStart = starts[index];
      windowEnd = ends[index];
      needs.clear();
      for (const kind of kinds) {
        kind.candidates.length = 0;
        kind.idle.length = 0;
        kind.fitting.clear();
      }
      for (const w of byIdDescending) {
        if (running[w] === 0) continue;
        const kind = kinds[kindOf[w]];
        if (holding[w] === 1 && earliestEnd[w] <= windowStart) {
          // Windows only move later: an allocation ended by this one's start overlaps none of the rest.
          const list = held[w];
          let kept = 0;
          for (let i = 0; i < list.length; i++) if (list[i].end > windowStart) list[kept++] = list[i];
          list.length = kept;
          earliestEnd[w] = earliestEndOf(list);
          if (kept === 0) holding[w] = 0;
        }
        if (holding[w] === 0) {
          freeCpu[w] = kind.cpuCores;
          freeMem[w] = kind.memoryGb;
          freeDisk[w] = kind.storageGb;
          freeNodes[w] = kind.maxNodes;
          freePorts[w] = kind.portCount;
          overlapping[w] = 0;
        } else {
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
        }
        // An idle worker gets its key when it becomes its kind's representative.
        if (overlapping[w] > 0) {
          key[w] = keyOf(w, kind);
          kind.candidates.push(w);
        } else {
          kind.idle.push(w);
        }
      }
      for (const kind of kinds) {
        // Idle workers of one kind score alike and ties go to the lowest id: only that one is a candidate.
        const representative = kind.idle.pop();
        if (representative !== undefined) {
          key[representative] = keyOf(representative, kind);
          kind.candidates.push(representative);
        }
        kind.sorted = false;
        sortIfLong(kind);
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
    const needKey = `${needCpu}|${needMem}|${needDisk}|${needNodes}|${needPorts}`;
    let need = needs.get(needKey);
    if (need === undefined && needs.size < MAX_NEEDS_PER_WINDOW) {
      need = {
        id: needs.size,
        cpuCores: needCpu,
        memoryGb: needMem,
        storageGb: needDisk,
        nodes: needNodes,
        ports: needPorts,
      };
      needs.set(needKey, need);
    }
    let best = -1;
    let bestScore = -1;
    let furthest = anyDraining ? Stage.Draining : Stage.NotRunning;
    for (const kind of kinds) {
      if (kind.candidates.length === 0) continue;
      if (furthest < Stage.Licence) furthest = Stage.Licence;
      if ((kind.licence & allowed) === 0) continue;
      if (furthest < Stage.Resources) furthest = Stage.Resources;
      if (
        kind.cpuCores < needCpu ||
        kind.memoryGb < needMem ||
        kind.storageGb < needDisk ||
        kind.maxNodes < needNodes ||
        kind.portCount < needPorts
      ) {
        continue;
      }
      if (furthest < Stage.Window) furthest = Stage.Window;
      const sorted = kind.sorted;
      let candidates = kind.candidates;
      if (need !== undefined && sorted) {
        let fitting = kind.fitting.get(need.id);
        if (fitting === undefined) {
          const n = need;
          fitting = { need: n, workers: candidates.filter((w) => fits(w, n)) };
          kind.fitting.set(need.id, fitting);
        }
        candidates = fitting.workers;
      }
      // score = offset + key, up to rounding: candidates come best key first, so the scan stops at the
      // first that fits (after the ones within rounding of it) or once none left can reach the best score.
      const offset =
        BIN_PACKING +
        (BIN_PACKING / 4) *
          (needCpu * kind.invCpu +
            needMem * kind.invMem +
            needDisk * kind.invDisk +
            needNodes * kind.invNodes) +
        (kind.region === home ? SAME_REGION : 0);
      let floor = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < candidates.length; c++) {
        const w = candidates[c];
        const k = key[w];
        if (sorted && (k < floor || offset + k + ROUNDING < bestScore)) break;
        const cpuLeft = freeCpu[w] - needCpu;
        const memLeft = freeMem[w] - needMem;
        const diskLeft = freeDisk[w] - needDisk;
        const nodesLeft = freeNodes[w] - needNodes;
        if (cpuLeft < 0 || memLeft < 0 || diskLeft < 0 || nodesLeft < 0 || freePorts[w] < needPorts) continue;
        if (floor === Number.NEGATIVE_INFINITY) floor = k - ROUNDING;
        const left =
          cpuLeft * kind.invCpu + memLeft * kind.invMem + diskLeft * kind.invDisk + nodesLeft * kind.invNodes;
        const score =
          BIN_PACKING * (1 - left / 4) +
          (kind.region === home ? SAME_REGION : 0) +
          FEWEST_SESSIONS / (1 + overlapping[w]);
        if (score > bestScore || (score === bestScore && workers[w].workerId < workers[best].workerId)) {
          best = w;
          bestScore = score;
        }
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
    holding[best] = 1;
    if (ends[index] < earliestEnd[best]) earliestEnd[best] = ends[index];
    held[best].push({
      sessionId: request.sessionId,
      start: starts[index],
      end: ends[index],
      cpuCores: demand.cpuCores,
      memoryGb: demand.memoryGb,
      storageGb: demand.storageGb,
      nodes: demand.nodeCount,
      ports: demand.ports,
    });
    const kind = kinds[kindOf[best]];
    if (kind.sorted) {
      removeCandidate(kind.candidates, key, best);
      for (const fitting of kind.fitting.values()) removeCandidate(fitting.workers, key, best);
    }
    freeCpu[best] -= needCpu;
    freeMem[best] -= needMem;
    freeDisk[best] -= needDisk;
    freeNodes[best] -= needNodes;
    freePorts[best] -= needPorts;
    // The idle representative is now busy: the next idle worker of its kind stands in for the rest.
    const next = overlapping[best] === 0 ? kind.idle.pop() : undefined;
    if (next !== undefined) key[next] = keyOf(next, kind);
    overlapping[best] += 1;
    key[best] = keyOf(best, kind);
    if (kind.sorted) {
      if (next !== undefined) admit(kind, next);
      admit(kind, best);
    } else {
      if (next !== undefined) kind.candidates.push(next);
      sortIfLong(kind);
    }
    decisions[index] = {
      sessionId: request.sessionId,
      workerId: workers[best].workerId,
      score: Math.round(bestScore * 1e6) / 1e6,
      reason: null,
    };
  }
  return decisions;
}

/**
 * Workers alike in licence, region, capacity and ports. Within a kind a worker's score for a request is
 * `offset(request, kind) + key(worker)`, key = 0.2 / (1 + overlapping) - 0.15 x the sum of its free
 * fractions, so the kind keeps its candidates sorted by key (best first) and a decision reads only the
 * head of each kind instead of every worker.
 */
interface Kind {
  readonly licence: number;
  readonly region: number;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly maxNodes: number;
  readonly portCount: number;
  readonly invCpu: number;
  readonly invMem: number;
  readonly invDisk: number;
  readonly invNodes: number;
  /** The busy workers and the idle representative of this window, highest key first when `sorted`. */
  readonly candidates: number[];
  sorted: boolean;
  /**
   * Per demand seen in this window, the candidates with room for it, in the same order: free capacity only
   * shrinks within a window, so a worker once too full for a demand stays so, and the scan for it never
   * passes over full workers again.
   */
  readonly fitting: Map<number, { readonly need: Need; readonly workers: number[] }>;
  /** The other idle workers, highest id first (the next representative is popped off the end). */
  readonly idle: number[];
}

function kindOfWorker(worker: PlacementWorker, region: number): Kind {
  const c = worker.capacity;
  return {
    licence: LICENCE_BIT[worker.licenseType],
    region,
    cpuCores: c.cpuCores,
    memoryGb: c.memoryGb,
    storageGb: c.storageGb,
    maxNodes: c.maxNodes,
    portCount: worker.portCount,
    invCpu: inverse(c.cpuCores),
    invMem: inverse(c.memoryGb),
    invDisk: inverse(c.storageGb),
    invNodes: inverse(c.maxNodes),
    candidates: [],
    sorted: false,
    fitting: new Map(),
    idle: [],
  };
}

/** Candidates of a kind up to which a decision scans them all rather than keeping them in order. */
const SORT_FROM = 32;

function earliestEndOf(allocations: readonly Allocation[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const a of allocations) if (a.end < earliest) earliest = a.end;
  return earliest;
}

/**
 * Request indexes ordered by start, then end, then index: grouped by timeslot in one pass, so only the
 * few distinct timeslots are sorted, not every request.
 */
function byTimeslot(starts: Float64Array, ends: Float64Array): number[] {
  const slots = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < starts.length; i++) {
    let byEnd = slots.get(starts[i]);
    if (!byEnd) slots.set(starts[i], (byEnd = new Map()));
    const same = byEnd.get(ends[i]);
    if (same) same.push(i);
    else byEnd.set(ends[i], [i]);
  }
  const order: number[] = [];
  for (const start of [...slots.keys()].sort((a, b) => a - b)) {
    const byEnd = slots.get(start) as Map<number, number[]>;
    for (const end of [...byEnd.keys()].sort((a, b) => a - b)) {
      for (const index of byEnd.get(end) as number[]) order.push(index);
    }
  }
  return order;
}

/** A demand as the scan compares it; `id` numbers the distinct demands of one window. */
interface Need {
  readonly id: number;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodes: number;
  readonly ports: number;
}

/**
 * Distinct demands per window that get lists of their own (each placement updates every list of its
 * kind); a window with more (lablet definitions are few) scans the kind's candidates for the rest.
 */
const MAX_NEEDS_PER_WINDOW = 32;

/**
 * How far `offset + key` may be from the score computed term by term: both sum a handful of terms of at
 * most a few units, so they differ by ~1e-15; a wide margin keeps every candidate that could tie.
 */
const ROUNDING = 1e-9;

/** First position in `sorted` (highest key first) whose key is below `value`. */
function firstBelow(sorted: readonly number[], key: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key[sorted[middle]] >= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertCandidate(sorted: number[], key: Float64Array, w: number): void {
  sorted.splice(firstBelow(sorted, key, key[w]), 0, w);
}

/** Removes `w` if present; it can only sit among the candidates of its own key. */
function removeCandidate(sorted: number[], key: Float64Array, w: number): void {
  for (let at = firstBelow(sorted, key, key[w]) - 1; at >= 0 && key[sorted[at]] === key[w]; at--) {
    if (sorted[at] === w) {
      sorted.splice(at, 1);
      return;
    }
  }
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

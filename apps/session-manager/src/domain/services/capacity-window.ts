import type { Allocation } from '../entities/allocation';
import type { Capacity } from '../entities/worker-capacity.aggregate';

/** What is free on a worker throughout a time window, and how many sessions overlap the window. */
export interface FreeCapacity {
  cpuCores: number;
  memoryGb: number;
  storageGb: number;
  nodes: number;
  ports: number;
  overlapping: number;
}

/**
 * What stays free on a worker during the whole window [start, end): capacity minus the peak use of the
 * allocations overlapping it. Each resource's peak is taken on its own; a session fits only if it fits at
 * every instant, which is exactly "demand <= capacity - peak" per resource. The peak can only rise where an
 * allocation starts, so only those instants (and `start`) are visited.
 */
export function freeCapacityDuring(
  capacity: Capacity,
  portCount: number,
  allocations: readonly Allocation[],
  start: number,
  end: number,
): FreeCapacity {
  let overlapping = 0;
  let cpu = 0;
  let mem = 0;
  let disk = 0;
  let nodes = 0;
  let ports = 0;
  let first = -1;
  for (let i = 0; i < allocations.length; i++) {
    const a = allocations[i];
    if (a.start < end && a.end > start) {
      overlapping++;
      if (first < 0) first = i;
    }
  }
  if (overlapping > 0) {
    for (let i = first; i < allocations.length; i++) {
      const p = allocations[i];
      if (!(p.start < end && p.end > start)) continue;
      const at = Math.max(p.start, start);
      let c = 0;
      let m = 0;
      let d = 0;
      let n = 0;
      let o = 0;
      for (let j = first; j < allocations.length; j++) {
        const a = allocations[j];
        if (a.start <= at && a.end > at) {
          c += a.cpuCores;
          m += a.memoryGb;
          d += a.storageGb;
          n += a.nodes;
          o += a.ports;
        }
      }
      if (c > cpu) cpu = c;
      if (m > mem) mem = m;
      if (d > disk) disk = d;
      if (n > nodes) nodes = n;
      if (o > ports) ports = o;
    }
  }
  return {
    cpuCores: capacity.cpuCores - cpu,
    memoryGb: capacity.memoryGb - mem,
    storageGb: capacity.storageGb - disk,
    nodes: capacity.maxNodes - nodes,
    ports: portCount - ports,
    overlapping,
  };
}

/** How many sessions of one demand still fit in what is free (0 when one does not). */
export function sessionsThatFit(
  free: FreeCapacity,
  demand: { cpuCores: number; memoryGb: number; storageGb: number; nodes: number; ports: number },
): number {
  const ratio = (have: number, need: number) =>
    need > 0 ? Math.floor(have / need + 1e-9) : Number.POSITIVE_INFINITY;
  const n = Math.min(
    ratio(free.cpuCores, demand.cpuCores),
    ratio(free.memoryGb, demand.memoryGb),
    ratio(free.storageGb, demand.storageGb),
    ratio(free.nodes, demand.nodes),
    ratio(free.ports, demand.ports),
  );
  return Number.isFinite(n) ? Math.max(0, n) : 0;
}

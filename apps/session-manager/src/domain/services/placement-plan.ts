import type { Allocation } from '../entities/allocation';
import { CapacityShortfall, type ShortfallDemand } from '../entities/capacity-shortfall.aggregate';
import type { LabletSession } from '../entities/lablet-session.aggregate';
import type { SessionDemand } from '../entities/session-demand';
import type { LicenseType, PlacementReason } from '../entities/session-status';
import type { WorkerAllocation } from '../entities/worker-allocation.aggregate';
import type { WorkerCapacity } from '../entities/worker-capacity.aggregate';
import {
  type PlacementRequest,
  type PlacementWorker,
  licenceAllows,
  placeSessions,
} from './placement.service';

/** A session placement chose a worker for. */
export interface Placement {
  readonly session: LabletSession;
  readonly worker: WorkerCapacity;
  readonly score: number;
}

/** A session no worker can take now, and why. */
export interface Unplaced {
  readonly session: LabletSession;
  readonly reason: PlacementReason;
}

/** What the unplaced sessions of one licence type and region need: one capacity request's worth. */
export interface Shortfall {
  /** The CapacityShortfall aggregate's id. */
  readonly id: string;
  readonly licenseType: LicenseType;
  readonly region: string;
  readonly demand: ShortfallDemand;
}

/** What one placement run is to do. */
export interface PlacementPlan {
  readonly placements: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  readonly shortfalls: readonly Shortfall[];
}

/**
 * Decides a placement run from what the repositories hold: where each due session goes (placeSessions,
 * with every worker's current allocations), which stay PENDING and why, and the capacity to ask for them.
 * Pure; the caller saves the decisions, each of which can still lose a race to another run.
 */
export function planPlacement(
  workers: readonly WorkerCapacity[],
  allocations: readonly WorkerAllocation[],
  due: readonly LabletSession[],
): PlacementPlan {
  const held = new Map(allocations.map((allocation) => [allocation.id, allocation.allocations]));
  const decisions = placeSessions(
    workers.map((worker) => placementWorkerOf(worker, held.get(worker.id) ?? [])),
    due.map(placementRequestOf),
  );
  const sessionById = new Map(due.map((session) => [session.id, session]));
  const workerById = new Map(workers.map((worker) => [worker.id, worker]));
  const placements: Placement[] = [];
  const unplaced: Unplaced[] = [];
  for (const decision of decisions) {
    const session = sessionById.get(decision.sessionId) as LabletSession;
    if (decision.workerId === null) unplaced.push({ session, reason: decision.reason });
    else
      placements.push({
        session,
        worker: workerById.get(decision.workerId) as WorkerCapacity,
        score: decision.score,
      });
  }
  return { placements, unplaced, shortfalls: shortfallsOf(unplaced.map((u) => u.session)) };
}

/**
 * Groups unplaced sessions by the licence type a new worker would need and their region, summing their
 * demand; `neededBy` is the earliest start among them.
 */
export function shortfallsOf(sessions: readonly LabletSession[]): Shortfall[] {
  const groups = new Map<string, Shortfall>();
  for (const session of sessions) {
    const d = session.state.demand;
    const licenseType = licenceToAskFor(d);
    const region = session.state.region;
    const id = CapacityShortfall.idOf(licenseType, region);
    const sum = groups.get(id)?.demand;
    const start = session.timeslotStart;
    groups.set(id, {
      id,
      licenseType,
      region,
      demand: {
        cpuCores: (sum?.cpuCores ?? 0) + d.cpuCores,
        memoryGb: (sum?.memoryGb ?? 0) + d.memoryGb,
        storageGb: (sum?.storageGb ?? 0) + d.storageGb,
        nodeCount: (sum?.nodeCount ?? 0) + d.nodeCount,
        neededBy: sum && sum.neededBy < start ? sum.neededBy : start,
      },
    });
  }
  return [...groups.values()];
}

/** The licence type a new worker needs for a demand: the first in its affinity that can run it. */
export function licenceToAskFor(demand: SessionDemand): LicenseType {
  return demand.licenseAffinity.find((type) => licenceAllows(type, demand)) ?? demand.licenseAffinity[0];
}

/** A worker as placement and availability see it: its read model and the capacity its sessions hold. */
export function placementWorkerOf(
  worker: WorkerCapacity,
  allocations: readonly Allocation[],
): PlacementWorker {
  const s = worker.state;
  return {
    workerId: worker.id,
    status: s.status,
    region: s.region,
    licenseType: s.licenseType,
    capacity: s.capacity,
    portCount: s.portCount,
    allocations,
  };
}

/** A PENDING session as placement sees it. */
export function placementRequestOf(session: LabletSession): PlacementRequest {
  return {
    sessionId: session.id,
    start: session.timeslotStart.getTime(),
    end: session.timeslotEnd.getTime(),
    region: session.state.region,
    demand: session.state.demand,
  };
}

/** The capacity a session holds on its worker for its whole timeslot. */
export function allocationOf(session: LabletSession): Allocation {
  const d = session.state.demand;
  return {
    sessionId: session.id,
    start: session.timeslotStart.getTime(),
    end: session.timeslotEnd.getTime(),
    cpuCores: d.cpuCores,
    memoryGb: d.memoryGb,
    storageGb: d.storageGb,
    nodes: d.nodeCount,
    ports: d.ports,
  };
}

import type { Allocation } from '../entities/allocation';
import { CapacityShortfall, type WaitingDemand } from '../entities/capacity-shortfall.aggregate';
import type { LabletSession } from '../entities/lablet-session.aggregate';
import type { SessionDemand } from '../entities/session-demand';
import type { LicenseType, PlacementReason } from '../entities/session-status';
import type { WorkerAllocation } from '../entities/worker-allocation.aggregate';
import type { WorkerCapacity } from '../entities/worker-capacity.aggregate';
import {
  type PlacementDecision,
  type PlacementRequest,
  type PlacementWorker,
  allocationFor,
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
  /** A worker being launched would take it once RUNNING. */
  readonly launchUnderWay: boolean;
}

/** What the unplaced sessions of one licence type and region lack that no launch under way covers. */
export interface Shortfall {
  /** The CapacityShortfall aggregate's id. */
  readonly id: string;
  readonly licenseType: LicenseType;
  readonly region: string;
  readonly uncovered: readonly WaitingDemand[];
  /** A worker of this licence type and region is being launched. */
  readonly launchUnderWay: boolean;
}

/** Worker statuses on the way to RUNNING: capacity that is coming. */
export const LAUNCHING_STATUSES: readonly string[] = ['PENDING', 'PROVISIONING', 'STARTING'];

/** What one placement run is to do. */
export interface PlacementPlan {
  readonly placements: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  readonly shortfalls: readonly Shortfall[];
}

/**
 * Decides a placement run from what the repositories hold: where each due session goes (placeSessions,
 * with every worker's current allocations), which stay PENDING and why, which of those a worker being
 * launched would take (placed again as if the launching workers were RUNNING), and the capacity to ask
 * for the rest. Pure; the caller saves the decisions, each of which can still lose a race to another run.
 */
export function planPlacement(
  workers: readonly WorkerCapacity[],
  allocations: readonly WorkerAllocation[],
  due: readonly LabletSession[],
): PlacementPlan {
  // A due session's own allocation is the hold of a run still scheduling it (or of one that gave up):
  // counted, it would make this run find no room for the session beside itself and ask capacity for it.
  const dueIds = new Set(due.map((session) => session.id));
  const held = new Map<string, readonly Allocation[]>(
    allocations.map((allocation) => [
      allocation.id,
      allocation.allocations.filter((held) => !dueIds.has(held.sessionId)),
    ]),
  );
  const decisions: PlacementDecision[] = [];
  // Sessions placed again after a failure (rare) go first, one at a time, without the workers they failed
  // on; each holds its capacity for the rest.
  for (const session of due.filter((s) => s.avoidedWorkerIds.length > 0)) {
    const avoided = new Set(session.avoidedWorkerIds);
    const [decision] = placeSessions(
      workers
        .filter((worker) => !avoided.has(worker.id))
        .map((worker) => placementWorkerOf(worker, held.get(worker.id) ?? [])),
      [placementRequestOf(session)],
    );
    decisions.push(decision);
    if (decision.workerId !== null)
      held.set(decision.workerId, [...(held.get(decision.workerId) ?? []), allocationOf(session)]);
  }
  decisions.push(
    ...placeSessions(
      workers.map((worker) => placementWorkerOf(worker, held.get(worker.id) ?? [])),
      due.filter((s) => s.avoidedWorkerIds.length === 0).map(placementRequestOf),
    ),
  );
  const sessionById = new Map(due.map((session) => [session.id, session]));
  const workerById = new Map(workers.map((worker) => [worker.id, worker]));
  const placements: Placement[] = [];
  const waiting: { session: LabletSession; reason: PlacementReason }[] = [];
  for (const decision of decisions) {
    const session = sessionById.get(decision.sessionId) as LabletSession;
    if (decision.workerId === null) waiting.push({ session, reason: decision.reason });
    else
      placements.push({
        session,
        worker: workerById.get(decision.workerId) as WorkerCapacity,
        score: decision.score,
      });
  }
  const launching = workers.filter((worker) => LAUNCHING_STATUSES.includes(worker.state.status));
  const covered = coveredByLaunches(
    launching,
    held,
    waiting.map((w) => w.session),
  );
  const unplaced = waiting.map((w) => ({ ...w, launchUnderWay: covered.has(w.session.id) }));
  const uncovered = unplaced.filter((u) => !u.launchUnderWay).map((u) => u.session);
  return { placements, unplaced, shortfalls: shortfallsOf(uncovered, launching) };
}

/** The ids of the sessions that workers being launched would take once RUNNING, each holding its capacity. */
function coveredByLaunches(
  launching: readonly WorkerCapacity[],
  held: ReadonlyMap<string, readonly Allocation[]>,
  sessions: readonly LabletSession[],
): Set<string> {
  if (launching.length === 0 || sessions.length === 0) return new Set();
  const asIfRunning = launching.map((worker) => ({
    ...placementWorkerOf(worker, held.get(worker.id) ?? []),
    status: 'RUNNING',
  }));
  const decisions = placeSessions(asIfRunning, sessions.map(placementRequestOf));
  return new Set(decisions.filter((d) => d.workerId !== null).map((d) => d.sessionId));
}

/**
 * Groups waiting sessions by the licence type a new worker would need and their region, each with its own
 * demand; `launchUnderWay` says whether one of `launching` has that licence type and region.
 */
export function shortfallsOf(
  sessions: readonly LabletSession[],
  launching: readonly WorkerCapacity[] = [],
): Shortfall[] {
  const groups = new Map<string, Shortfall & { uncovered: WaitingDemand[] }>();
  for (const session of sessions) {
    const d = session.state.demand;
    const licenseType = licenceToAskFor(d);
    const region = session.state.region;
    const id = CapacityShortfall.idOf(licenseType, region);
    const group = groups.get(id) ?? {
      id,
      licenseType,
      region,
      uncovered: [],
      launchUnderWay: launching.some((w) => w.state.licenseType === licenseType && w.state.region === region),
    };
    group.uncovered.push({
      sessionId: session.id,
      cpuCores: d.cpuCores,
      memoryGb: d.memoryGb,
      storageGb: d.storageGb,
      nodeCount: d.nodeCount,
      neededBy: session.timeslotStart,
    });
    groups.set(id, group);
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
    // A RUNNING worker whose CML fails its health checks is offered nothing, as if it were not running.
    status: s.status === 'RUNNING' && !worker.offerable ? `RUNNING_${s.serviceStatus}` : s.status,
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
  return allocationFor(placementRequestOf(session));
}

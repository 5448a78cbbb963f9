import { randomUUID } from 'node:crypto';
import {
  CLOCK,
  type Clock,
  Command,
  CommandHandler,
  LOGGER,
  type Logger,
  SETTINGS,
  commandHandler,
  isLostRace,
  retryOnConflict,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { CapacityShortfall, type ShortfallDemand } from '../../domain/entities/capacity-shortfall.aggregate';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import type { SessionDemand } from '../../domain/entities/session-demand';
import {
  type LicenseType,
  ON_A_WORKER_STATUSES,
  PERSONAL_LICENSE_MAX_NODES,
} from '../../domain/entities/session-status';
import { WorkerAllocation } from '../../domain/entities/worker-allocation.aggregate';
import type { WorkerCapacity } from '../../domain/entities/worker-capacity.aggregate';
import {
  CAPACITY_SHORTFALL_REPOSITORY,
  type CapacityShortfallRepository,
} from '../../domain/repositories/capacity-shortfall.repository';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import {
  WORKER_ALLOCATION_REPOSITORY,
  type WorkerAllocationRepository,
} from '../../domain/repositories/worker-allocation.repository';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import { type PlacementDecision, placeSessions } from '../../domain/services/placement.service';
import type { SessionManagerSettings } from '../settings';

/** How many times a save that lost a race starts over from a fresh read before the session waits for the next run. */
const SAVE_ATTEMPTS = 20;

/** What one placement run did. */
export interface PlacementSummary {
  readonly considered: number;
  readonly scheduled: number;
  readonly pending: number;
  /** Placements whose capacity or session another run took first (those sessions stay PENDING, or were placed by it). */
  readonly lostRaces: number;
  readonly capacityRequests: number;
}

/**
 * Runs placement for the PENDING sessions whose start is within the placement lead time: the periodic
 * loop (no ids), or the run right after a request (the new session's id).
 */
export class PlaceSessionsCommand extends Command<PlacementSummary> {
  static readonly schema = z.object({ sessionIds: z.array(z.string()).optional() });

  constructor(readonly sessionIds?: readonly string[]) {
    super();
  }
}

/**
 * Loads the WorkerCapacity read model, the allocations and the due PENDING sessions, lets the pure
 * placement service decide, then saves each decision: first the worker's allocation (optimistic
 * concurrency, so two runs never both take the last capacity), then the session. A save that lost a race
 * is tried again from a fresh read; a session whose capacity another run took stays PENDING for the next
 * run. Sessions left unplaced become capacity shortfalls, one capacity
 * request per licence type and region until it is satisfied or times out (full runs only, since a
 * targeted run does not see every shortfall).
 */
@commandHandler(PlaceSessionsCommand)
export class PlaceSessionsCommandHandler extends CommandHandler<PlaceSessionsCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers: WorkerCapacityRepository,
    @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations: WorkerAllocationRepository,
    @inject(CAPACITY_SHORTFALL_REPOSITORY) private readonly shortfalls: CapacityShortfallRepository,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(SETTINGS) private readonly settings: SessionManagerSettings,
    @inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async handle({ sessionIds }: PlaceSessionsCommand) {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.settings.PLACEMENT_LEAD_MINUTES * 60_000).toISOString();
    const due = await this.sessions.find({
      status: 'PENDING',
      timeslotStart: { $lte: horizon },
      ...(sessionIds ? { id: { $in: [...sessionIds] } } : {}),
    });
    const workers = await this.workers.find({});
    const held = new Map((await this.allocations.find({})).map((a) => [a.id, a]));
    const decisions = placeSessions(
      workers.map((w) => ({
        workerId: w.id,
        status: w.state.status,
        region: w.state.region,
        licenseType: w.state.licenseType,
        capacity: w.state.capacity,
        portCount: w.state.portCount,
        allocations: held.get(w.id)?.allocations ?? [],
      })),
      due.map((s) => ({
        sessionId: s.id,
        start: s.timeslotStart.getTime(),
        end: s.timeslotEnd.getTime(),
        region: s.state.region,
        demand: s.state.demand,
      })),
    );
    const byId = new Map(due.map((s) => [s.id, s]));
    const workerById = new Map(workers.map((w) => [w.id, w]));
    let scheduled = 0;
    let lostRaces = 0;
    const unplaced: LabletSession[] = [];
    for (const decision of decisions) {
      const session = byId.get(decision.sessionId) as LabletSession;
      if (decision.workerId === null) {
        unplaced.push(session);
        await this.saveQuietly(() => {
          session.recordPlacementFailure(decision.reason);
          return this.sessions.update(session);
        });
        continue;
      }
      const outcome = await this.schedule(
        session,
        decision,
        workerById.get(decision.workerId) as WorkerCapacity,
        now,
      );
      if (outcome === 'scheduled') scheduled++;
      else lostRaces++;
    }
    const capacityRequests = sessionIds ? 0 : await this.reportShortfalls(unplaced, now);
    return this.ok({
      considered: due.length,
      scheduled,
      pending: unplaced.length,
      lostRaces,
      capacityRequests,
    });
  }

  /**
   * Holds the worker's capacity, then moves the session to SCHEDULED. Both saves start over from a fresh
   * read when another run saved first, so a concurrent run's bookkeeping on the same worker or session
   * (another allocation, a recorded placement attempt) never makes every racer give up: of the runs that
   * want the last capacity exactly one keeps it. 'lost' when the capacity is gone, or the session was
   * placed or ended by another run meanwhile.
   */
  private async schedule(
    session: LabletSession,
    decision: Extract<PlacementDecision, { workerId: string }>,
    worker: WorkerCapacity,
    now: Date,
  ): Promise<'scheduled' | 'lost'> {
    if (!(await this.hold(session, worker, now))) return 'lost';
    let reads = 0;
    const outcome = await retryOnConflict(async () => {
      const fresh = reads++ === 0 ? session : await this.sessions.get(session.id);
      if (!fresh?.schedule(worker.id, now).ok) return 'lost';
      await this.sessions.update(fresh);
      return 'scheduled';
    }, SAVE_ATTEMPTS).catch((error: unknown) => {
      if (isLostRace(error)) return 'lost' as const;
      throw error;
    });
    if (outcome === 'lost') {
      await this.releaseUnlessPlacedThere(worker.id, session.id);
      return 'lost';
    }
    this.logger.info(
      {
        sessionId: session.id,
        workerId: worker.id,
        score: decision.score,
        oldStatus: 'PENDING',
        newStatus: 'SCHEDULED',
      },
      'lablet session scheduled',
    );
    return 'scheduled';
  }

  /** Adds the session to the worker's allocation; false when the worker no longer has room for it. */
  private async hold(session: LabletSession, worker: WorkerCapacity, now: Date): Promise<boolean> {
    const demand = session.state.demand;
    const wanted = {
      sessionId: session.id,
      start: session.timeslotStart.getTime(),
      end: session.timeslotEnd.getTime(),
      cpuCores: demand.cpuCores,
      memoryGb: demand.memoryGb,
      storageGb: demand.storageGb,
      nodes: demand.nodeCount,
      ports: demand.ports,
    };
    const limits = { capacity: worker.state.capacity, portCount: worker.state.portCount };
    try {
      return await retryOnConflict(async () => {
        const allocation = (await this.allocations.get(worker.id)) ?? WorkerAllocation.empty(worker.id);
        if (!allocation.allocate(wanted, limits, now).ok) return false;
        await this.allocations.upsert(allocation);
        return true;
      }, SAVE_ATTEMPTS);
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  /**
   * Gives back the capacity this run held for a session it could not schedule, unless another run
   * scheduled the session on the same worker meanwhile: allocations are per session, so that capacity is
   * the other run's now.
   */
  private async releaseUnlessPlacedThere(workerId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.get(sessionId);
    if (session?.state.workerId === workerId && ON_A_WORKER_STATUSES.includes(session.status)) return;
    await this.saveQuietly(async () => {
      const allocation = await this.allocations.get(workerId);
      if (allocation?.release(sessionId)) await this.allocations.update(allocation);
    });
  }

  private async reportShortfalls(unplaced: readonly LabletSession[], now: Date): Promise<number> {
    const groups = new Map<string, { licenseType: LicenseType; region: string; demand: ShortfallDemand }>();
    for (const session of unplaced) {
      const d = session.state.demand;
      const licenseType = licenceToAskFor(d);
      const region = session.state.region;
      const key = CapacityShortfall.idOf(licenseType, region);
      const group = groups.get(key) ?? {
        licenseType,
        region,
        demand: { cpuCores: 0, memoryGb: 0, storageGb: 0, nodeCount: 0, neededBy: session.timeslotStart },
      };
      group.demand = {
        cpuCores: group.demand.cpuCores + d.cpuCores,
        memoryGb: group.demand.memoryGb + d.memoryGb,
        storageGb: group.demand.storageGb + d.storageGb,
        nodeCount: group.demand.nodeCount + d.nodeCount,
        neededBy:
          session.timeslotStart < group.demand.neededBy ? session.timeslotStart : group.demand.neededBy,
      };
      groups.set(key, group);
    }
    let asked = 0;
    const timeoutMs = this.settings.CAPACITY_REQUEST_TIMEOUT_MINUTES * 60_000;
    for (const [key, group] of groups) {
      await this.saveQuietly(async () => {
        const existing = await this.shortfalls.get(key);
        const shortfall = existing ?? CapacityShortfall.of(group.licenseType, group.region);
        if (!shortfall.report(group.demand, randomUUID(), now, timeoutMs)) return;
        if (existing) await this.shortfalls.update(shortfall);
        else await this.shortfalls.add(shortfall);
        asked++;
        this.logger.info(
          { shortfall: key, requestId: shortfall.openRequestId, ...group.demand },
          'capacity requested',
        );
      });
    }
    for (const shortfall of await this.shortfalls.find({ openRequestId: { $ne: null } })) {
      if (groups.has(shortfall.id)) continue;
      await this.saveQuietly(async () => {
        if (shortfall.satisfy()) await this.shortfalls.update(shortfall);
      });
    }
    return asked;
  }

  /** Runs a save; a lost race is left for the next run instead of failing the whole loop. */
  private async saveQuietly(save: () => Promise<void>): Promise<void> {
    try {
      await save();
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
  }
}

/** The licence type a new worker needs for a demand: the first in its affinity that can run it. */
function licenceToAskFor(demand: SessionDemand): LicenseType {
  const fits = demand.licenseAffinity.find(
    (t) => t !== 'PERSONAL' || demand.nodeCount <= PERSONAL_LICENSE_MAX_NODES,
  );
  return fits ?? demand.licenseAffinity[0];
}

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
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { CapacityShortfall, type ShortfallDemand } from '../../domain/entities/capacity-shortfall.aggregate';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import type { SessionDemand } from '../../domain/entities/session-demand';
import { type LicenseType, PERSONAL_LICENSE_MAX_NODES } from '../../domain/entities/session-status';
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
import { lostRace } from '../services/concurrency';
import type { SessionManagerSettings } from '../settings';

/** What one placement run did. */
export interface PlacementSummary {
  readonly considered: number;
  readonly scheduled: number;
  readonly pending: number;
  /** Placements another run saved first (their sessions stay PENDING for the next run). */
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
 * concurrency, so two runs never both take the last capacity), then the session. A lost race leaves the
 * session PENDING for the next run. Sessions left unplaced become capacity shortfalls, one capacity
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
    const capacityRequests = sessionIds ? 0 : await this.reportShortfalls(unplaced, now, horizon);
    return this.ok({
      considered: due.length,
      scheduled,
      pending: unplaced.length,
      lostRaces,
      capacityRequests,
    });
  }

  private async schedule(
    session: LabletSession,
    decision: Extract<PlacementDecision, { workerId: string }>,
    worker: WorkerCapacity,
    now: Date,
  ): Promise<'scheduled' | 'lost'> {
    const existing = await this.allocations.get(worker.id);
    const allocation = existing ?? WorkerAllocation.empty(worker.id);
    const demand = session.state.demand;
    const held = allocation.allocate(
      {
        sessionId: session.id,
        start: session.timeslotStart.getTime(),
        end: session.timeslotEnd.getTime(),
        cpuCores: demand.cpuCores,
        memoryGb: demand.memoryGb,
        storageGb: demand.storageGb,
        nodes: demand.nodeCount,
        ports: demand.ports,
      },
      { capacity: worker.state.capacity, portCount: worker.state.portCount },
      now,
    );
    if (!held.ok) return 'lost';
    try {
      if (existing) await this.allocations.update(allocation);
      else await this.allocations.add(allocation);
    } catch (error) {
      if (lostRace(error)) return 'lost';
      throw error;
    }
    const scheduled = session.schedule(worker.id, now);
    try {
      if (!scheduled.ok) throw new Error(scheduled.error);
      await this.sessions.update(session);
    } catch (error) {
      // The session changed meanwhile (e.g. cancelled): give the capacity back.
      await this.release(worker.id, session.id);
      if (lostRace(error) || !scheduled.ok) return 'lost';
      throw error;
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

  private async release(workerId: string, sessionId: string): Promise<void> {
    await this.saveQuietly(async () => {
      const allocation = await this.allocations.get(workerId);
      if (allocation?.release(sessionId)) await this.allocations.update(allocation);
    });
  }

  private async reportShortfalls(
    unplaced: readonly LabletSession[],
    now: Date,
    horizon: string,
  ): Promise<number> {
    const groups = new Map<string, { licenseType: LicenseType; region: string; demand: ShortfallDemand }>();
    for (const session of unplaced) {
      const d = session.state.demand;
      const licenseType = licenceToAskFor(d);
      const region = session.state.region;
      const key = shortfallOf(session);
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
    const open = await this.shortfalls.find({ openRequestId: { $ne: null } });
    if (open.every((shortfall) => groups.has(shortfall.id))) return asked;
    // Read again: sessions requested after this run read its own (and asked for by a run on another
    // replica meanwhile) still wait; closing their request would make the next run ask for a second worker.
    const waiting = new Set(
      (await this.sessions.find({ status: 'PENDING', timeslotStart: { $lte: horizon } })).map(shortfallOf),
    );
    for (const shortfall of open) {
      if (groups.has(shortfall.id) || waiting.has(shortfall.id)) continue;
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
      if (!lostRace(error)) throw error;
    }
  }
}

/** The shortfall an unplaced session counts toward: its licence type to ask for and its region. */
function shortfallOf(session: LabletSession): string {
  return CapacityShortfall.idOf(licenceToAskFor(session.state.demand), session.state.region);
}

/** The licence type a new worker needs for a demand: the first in its affinity that can run it. */
function licenceToAskFor(demand: SessionDemand): LicenseType {
  const fits = demand.licenseAffinity.find(
    (t) => t !== 'PERSONAL' || demand.nodeCount <= PERSONAL_LICENSE_MAX_NODES,
  );
  return fits ?? demand.licenseAffinity[0];
}

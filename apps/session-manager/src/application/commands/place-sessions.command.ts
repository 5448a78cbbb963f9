import { randomUUID } from 'node:crypto';
import {
  Command,
  CommandHandler,
  SETTINGS,
  commandHandler,
  isLostRace,
  retryOnConflict,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { CapacityShortfall } from '../../domain/entities/capacity-shortfall.aggregate';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import { ON_A_WORKER_STATUSES } from '../../domain/entities/session-status';
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
import {
  type Placement,
  type Shortfall,
  allocationOf,
  planPlacement,
  shortfallsOf,
} from '../../domain/services/placement-plan';
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
 * Runs placement for every PENDING session whose start is within the placement lead time. `reason` says
 * why this run happens (the periodic loop, a new request, a worker becoming RUNNING) and labels its log
 * line.
 */
export class PlaceSessionsCommand extends Command<PlacementSummary> {
  static readonly schema = z.object({ reason: z.string().min(1) });

  constructor(readonly reason: string) {
    super();
  }
}

/**
 * Loads the WorkerCapacity read model, the allocations and the due PENDING sessions, lets the pure
 * placement plan decide, then saves each decision: first the worker's allocation (optimistic concurrency,
 * so two runs never both take the last capacity), then the session. A save that lost a race is tried again
 * from a fresh read; a session whose capacity another run took stays PENDING for the next run. Sessions
 * left unplaced become capacity shortfalls, one capacity request per licence type and region until it is
 * satisfied or times out.
 */
@commandHandler(PlaceSessionsCommand)
export class PlaceSessionsCommandHandler extends CommandHandler<PlaceSessionsCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;
  @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations!: WorkerAllocationRepository;
  @inject(CAPACITY_SHORTFALL_REPOSITORY) private readonly shortfalls!: CapacityShortfallRepository;
  @inject(SETTINGS) private readonly settings!: SessionManagerSettings;

  async handle({ reason }: PlaceSessionsCommand) {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.settings.PLACEMENT_LEAD_MINUTES * 60_000).toISOString();
    const due = await this.sessions.find({ status: 'PENDING', timeslotStart: { $lte: horizon } });
    const plan = planPlacement(await this.workers.find({}), await this.allocations.find({}), due);
    let scheduled = 0;
    for (const placement of plan.placements) if (await this.schedule(placement, now)) scheduled++;
    for (const unplaced of plan.unplaced) {
      if (unplaced.session.recordPlacementFailure(unplaced.reason).ok)
        await this.sessions.update(unplaced.session).catch(whenLostRace(undefined));
    }
    const summary: PlacementSummary = {
      considered: due.length,
      scheduled,
      pending: plan.unplaced.length,
      lostRaces: plan.placements.length - scheduled,
      capacityRequests: await this.requestCapacity(plan.shortfalls, now, horizon),
    };
    this.logger[due.length > 0 ? 'info' : 'debug']({ reason, ...summary }, 'placement run');
    return this.ok(summary);
  }

  /** Holds the worker's capacity, then moves the session to SCHEDULED; false when another run got either first. */
  private async schedule({ session, worker, score }: Placement, now: Date): Promise<boolean> {
    if (!(await this.hold(session, worker, now))) return false;
    if (!(await this.markScheduled(session, worker.id, now))) {
      await this.releaseUnlessPlacedThere(worker.id, session.id);
      return false;
    }
    this.logger.info(
      { sessionId: session.id, workerId: worker.id, score, oldStatus: 'PENDING', newStatus: 'SCHEDULED' },
      'lablet session scheduled',
    );
    return true;
  }

  /**
   * Adds the session to the worker's allocation, from a fresh read after each lost race, so that another
   * run's change to the same worker never makes every racer give up; false when the worker has no room left.
   */
  private hold(session: LabletSession, worker: WorkerCapacity, now: Date): Promise<boolean> {
    return retryOnConflict(async () => {
      const allocation = (await this.allocations.get(worker.id)) ?? WorkerAllocation.empty(worker.id);
      if (!allocation.allocate(allocationOf(session), worker.limits(), now).ok) return false;
      await this.allocations.upsert(allocation);
      return true;
    }, SAVE_ATTEMPTS).catch(whenLostRace(false));
  }

  /**
   * SCHEDULED on the worker. Another run recording a placement attempt on the session meanwhile is no
   * reason to give up the capacity just won: after a lost race the session is read again and scheduled if
   * still PENDING. False when it is not (cancelled, or placed by another run).
   */
  private markScheduled(session: LabletSession, workerId: string, now: Date): Promise<boolean> {
    let reads = 0;
    return retryOnConflict(async () => {
      const fresh = reads++ === 0 ? session : await this.sessions.get(session.id);
      if (!fresh?.schedule(workerId, now).ok) return false;
      await this.sessions.update(fresh);
      return true;
    }, SAVE_ATTEMPTS).catch(whenLostRace(false));
  }

  /**
   * Gives back the capacity this run held for a session it could not schedule, unless another run
   * scheduled the session on the same worker meanwhile: allocations are per session, so that capacity is
   * the other run's now.
   */
  private async releaseUnlessPlacedThere(workerId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.get(sessionId);
    if (session?.state.workerId === workerId && ON_A_WORKER_STATUSES.includes(session.status)) return;
    const allocation = await this.allocations.get(workerId);
    if (allocation?.release(sessionId))
      await this.allocations.update(allocation).catch(whenLostRace(undefined));
  }

  /**
   * Asks for capacity once per shortfall (CapacityShortfall decides whether its open request still stands)
   * and closes the open requests no shortfall needs any more, neither this run's nor one of the sessions
   * due by `horizon` now. Returns how many requests it made.
   */
  private async requestCapacity(
    shortfalls: readonly Shortfall[],
    now: Date,
    horizon: string,
  ): Promise<number> {
    const timeoutMs = this.settings.CAPACITY_REQUEST_TIMEOUT_MINUTES * 60_000;
    let asked = 0;
    for (const { id, licenseType, region, demand } of shortfalls) {
      const shortfall = (await this.shortfalls.get(id)) ?? CapacityShortfall.of(licenseType, region);
      if (!shortfall.report(demand, randomUUID(), now, timeoutMs)) continue;
      // Another run that saved first asked for the same shortfall: one request is enough.
      if (!(await this.shortfalls.upsert(shortfall).then(() => true, whenLostRace(false)))) continue;
      asked++;
      this.logger.info(
        { shortfall: id, requestId: shortfall.openRequestId, ...demand },
        'capacity requested',
      );
    }
    const stillShort = new Set(shortfalls.map((shortfall) => shortfall.id));
    const open = await this.shortfalls.find({ openRequestId: { $ne: null } });
    if (open.every((shortfall) => stillShort.has(shortfall.id))) return asked;
    // Read again: sessions requested after this run read its own (and asked for by a run on another
    // replica meanwhile) still wait; closing their request would make the next run ask for a second worker.
    const due = await this.sessions.find({ status: 'PENDING', timeslotStart: { $lte: horizon } });
    for (const { id } of shortfallsOf(due)) stillShort.add(id);
    for (const shortfall of open) {
      if (!stillShort.has(shortfall.id) && shortfall.satisfy())
        await this.shortfalls.update(shortfall).catch(whenLostRace(undefined));
    }
    return asked;
  }
}

/** For `.catch`: a race still lost after its retries answers `fallback` (the next run sees the new state); other errors propagate. */
function whenLostRace<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if (isLostRace(error)) return fallback;
    throw error;
  };
}

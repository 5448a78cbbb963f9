import { Command, CommandHandler, SETTINGS, commandHandler, isLostRace } from '@lcm/neuro-core';
import { inject } from 'inversify';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import { LOST_WORKER_STATUSES, ON_A_WORKER_STATUSES } from '../../domain/entities/session-status';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import type { SessionManagerSettings } from '../settings';

/** How many sessions each timer moved. */
export interface TimerSummary {
  readonly expired: number;
  readonly instantiating: number;
  readonly failed: number;
  readonly running: number;
  readonly stopping: number;
  readonly assessmentTimedOut: number;
  readonly workerLost: number;
  /** Owners warned that their session ends within EXPIRY_WARNING_MINUTES. */
  readonly warned: number;
}

/** Moves every session whose time has come: the lifecycle timers of docs/domain.md#session-timers, run by a job scheduler. */
export class AdvanceSessionTimersCommand extends Command<TimerSummary> {}

/**
 * One sweep of the lifecycle timers against the injected clock, so the times hold across restarts and
 * replicas without one delayed job per session: PENDING still unplaced EXPIRE_AFTER_START_MINUTES after
 * start -> EXPIRED; SCHEDULED at LAB_LEAD_MINUTES before start -> INSTANTIATING; INSTANTIATING for
 * INSTANTIATING_TIMEOUT_MINUTES -> FAILED (or placed once more on another worker); READY at start -> RUNNING; READY/RUNNING at end -> STOPPING;
 * COLLECTING/GRADING for ASSESSMENT_TIMEOUT_MINUTES after `collect` -> STOPPING (ASSESSMENT_TIMEOUT);
 * READY/RUNNING EXPIRY_WARNING_MINUTES before the end -> `io.lcm.session.expiring.v1` once per end; and
 * a session whose worker the read model shows stopped, failed or terminated -> FAILED or STOPPING
 * (WORKER_LOST). Checked on every sweep as well as on the worker event (RecordWorkerSnapshotCommand), so a
 * missed event or a crash halfway through the sessions of a worker is repaired by the next sweep.
 * A session another request changed meanwhile is left for the next sweep.
 */
@commandHandler(AdvanceSessionTimersCommand)
export class AdvanceSessionTimersCommandHandler extends CommandHandler<AdvanceSessionTimersCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;
  @inject(SETTINGS) private readonly settings!: SessionManagerSettings;

  async handle() {
    const now = this.clock.now();
    const minutes = (n: number) => n * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const t = now.getTime();
    const s = this.settings;
    // First: a session due to instantiate on a dead worker must fail, not ask lab-manager for a lab.
    const workerLost = await this.moveAll(await this.sessionsOnLostWorkers(), (session) =>
      session.loseWorker(now),
    );
    const shortestWait = Math.min(s.EXPIRE_AFTER_START_MINUTES, s.CAPACITY_WAIT_MINUTES);
    const expired = await this.advance(
      { status: 'PENDING', timeslotStart: { $lte: iso(t - minutes(shortestWait)) } },
      (session) =>
        session.isExpiryDue(now, minutes(s.EXPIRE_AFTER_START_MINUTES), minutes(s.CAPACITY_WAIT_MINUTES))
          ? session.expire(now)
          : { ok: false },
    );
    const instantiating = await this.advance(
      { status: 'SCHEDULED', timeslotStart: { $lte: iso(t + minutes(s.LAB_LEAD_MINUTES)) } },
      (session) => session.beginInstantiation(now),
    );
    const failed = await this.advance(
      {
        status: 'INSTANTIATING',
        instantiatingAt: { $lte: iso(t - minutes(s.INSTANTIATING_TIMEOUT_MINUTES)) },
      },
      (session) => session.fail('INSTANTIATING_TIMEOUT', now),
    );
    const stopping = await this.advance(
      { status: { $in: ['READY', 'RUNNING'] }, timeslotEnd: { $lte: iso(t) } },
      (session) => session.stop('TIMESLOT_ENDED', now),
    );
    const assessmentTimedOut = await this.advance(
      {
        status: { $in: ['COLLECTING', 'GRADING'] },
        assessmentStartedAt: { $lte: iso(t - minutes(s.ASSESSMENT_TIMEOUT_MINUTES)) },
      },
      (session) => session.timeOutAssessment(now),
    );
    const running = await this.advance({ status: 'READY', timeslotStart: { $lte: iso(t) } }, (session) =>
      session.start(now),
    );
    const warned = await this.advance(
      {
        status: { $in: ['READY', 'RUNNING'] },
        timeslotEnd: { $lte: iso(t + minutes(s.EXPIRY_WARNING_MINUTES)) },
      },
      (session) => {
        const warning = session.warnOfExpiry(now, minutes(s.EXPIRY_WARNING_MINUTES));
        return { ok: warning.ok && warning.value };
      },
    );
    return this.ok({
      expired,
      instantiating,
      failed,
      running,
      stopping,
      assessmentTimedOut,
      workerLost,
      warned,
    });
  }

  /** Sessions whose worker is lost; workers are looked up among those holding sessions, not the fleet's history. */
  private async sessionsOnLostWorkers(): Promise<LabletSession[]> {
    const placed = await this.sessions.find({
      status: { $in: ON_A_WORKER_STATUSES },
      workerId: { $ne: null },
    });
    const workerIds = [...new Set(placed.map((session) => session.state.workerId as string))];
    if (workerIds.length === 0) return [];
    const lost = await this.workers.find({ id: { $in: workerIds }, status: { $in: LOST_WORKER_STATUSES } });
    const lostIds = new Set(lost.map((worker) => worker.id));
    return placed.filter((session) => lostIds.has(session.state.workerId as string));
  }

  private async advance(
    filter: Record<string, unknown>,
    move: (session: LabletSession) => { ok: boolean },
  ): Promise<number> {
    return this.moveAll(await this.sessions.find(filter), move);
  }

  private async moveAll(
    sessions: readonly LabletSession[],
    move: (session: LabletSession) => { ok: boolean },
  ): Promise<number> {
    let moved = 0;
    for (const session of sessions) {
      if (!move(session).ok) continue;
      try {
        await this.sessions.update(session);
      } catch (error) {
        if (isLostRace(error)) continue;
        throw error;
      }
      moved++;
    }
    return moved;
  }
}

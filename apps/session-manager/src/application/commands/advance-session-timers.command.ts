import { CLOCK, type Clock, Command, CommandHandler, SETTINGS, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { lostRace } from '../services/concurrency';
import type { SessionManagerSettings } from '../settings';

/** How many sessions each timer moved. */
export interface TimerSummary {
  readonly expired: number;
  readonly instantiating: number;
  readonly failed: number;
  readonly running: number;
  readonly stopping: number;
  readonly assessmentTimedOut: number;
}

/** Moves every session whose time has come: the lifecycle timers of domain.md, run by a job scheduler. */
export class AdvanceSessionTimersCommand extends Command<TimerSummary> {}

/**
 * One sweep of the lifecycle timers against the injected clock, so the times hold across restarts and
 * replicas without one delayed job per session: PENDING still unplaced EXPIRE_AFTER_START_MINUTES after
 * start -> EXPIRED; SCHEDULED at LAB_LEAD_MINUTES before start -> INSTANTIATING; INSTANTIATING for
 * INSTANTIATING_TIMEOUT_MINUTES -> FAILED; READY at start -> RUNNING; READY/RUNNING at end -> STOPPING;
 * COLLECTING/GRADING for ASSESSMENT_TIMEOUT_MINUTES after `collect` -> STOPPING (ASSESSMENT_TIMEOUT).
 * A session another request changed meanwhile is left for the next sweep.
 */
@commandHandler(AdvanceSessionTimersCommand)
export class AdvanceSessionTimersCommandHandler extends CommandHandler<AdvanceSessionTimersCommand> {
  constructor(
    @inject(LABLET_SESSION_REPOSITORY) private readonly sessions: LabletSessionRepository,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(SETTINGS) private readonly settings: SessionManagerSettings,
  ) {
    super();
  }

  async handle() {
    const now = this.clock.now();
    const minutes = (n: number) => n * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const t = now.getTime();
    const s = this.settings;
    const expired = await this.advance(
      { status: 'PENDING', timeslotStart: { $lte: iso(t - minutes(s.EXPIRE_AFTER_START_MINUTES)) } },
      (session) => session.expire(now),
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
    return this.ok({ expired, instantiating, failed, running, stopping, assessmentTimedOut });
  }

  private async advance(
    filter: Record<string, unknown>,
    move: (session: LabletSession) => { ok: boolean },
  ): Promise<number> {
    let moved = 0;
    for (const session of await this.sessions.find(filter)) {
      if (!move(session).ok) continue;
      try {
        await this.sessions.update(session);
      } catch (error) {
        if (lostRace(error)) continue;
        throw error;
      }
      moved++;
    }
    return moved;
  }
}

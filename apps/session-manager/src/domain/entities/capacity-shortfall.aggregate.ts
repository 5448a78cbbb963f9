import { AggregateRoot } from '@lcm/neuro-core/domain';
import { CapacityRequested } from '../events/capacity-requested.event';
import type { LicenseType } from './session-status';

/** One waiting session's own need: it runs on one worker, so worker-manager packs these, not only their sum. */
export interface WaitingDemand {
  readonly sessionId: string;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
  readonly neededBy: Date;
}

/** What one placement run saw of a shortfall. */
export interface ShortfallReport {
  /** The sessions that no RUNNING worker can take and no worker being launched would. */
  readonly uncovered: readonly WaitingDemand[];
  /** Whether a worker that could serve this licence type and region is being launched. */
  readonly launchUnderWay: boolean;
}

/** What a report did: the sessions it asked capacity for (none: silent), and whether the state changed. */
export interface ShortfallOutcome {
  readonly asked: readonly WaitingDemand[];
  readonly changed: boolean;
}

/** The capacity asked for one licence type and region, if any. */
export interface CapacityShortfallState {
  licenseType: LicenseType;
  region: string;
  /** The newest request sent (several may be under way: one per growth of the waiting set). */
  openRequestId: string | null;
  requestedAt: string | null;
  /** When capacity was last asked for each waiting session (ISO), so each is asked once per timeout. */
  asked?: Record<string, string>;
  /** A launch was seen under way since the last request: once none is, the launches landed. */
  launchSeen?: boolean;
}

/**
 * One kind of missing capacity (licence type + region; id `<LICENSE>.<region>`). It asks worker-manager
 * once per waiting session: a placement run that sees sessions nobody asked for yet (the waiting set grew
 * while a request is under way) asks for those only; a session asked for stays silent until its request
 * times out, or until the launches under way landed and it still has no room (worker-manager launched
 * less than asked), when it is asked for again at once. A run that sees no shortfall closes it.
 */
export class CapacityShortfall extends AggregateRoot<CapacityShortfallState> {
  /** The id of the shortfall for a licence type and region. */
  static idOf(licenseType: LicenseType, region: string): string {
    return `${licenseType}.${region}`;
  }

  /** A shortfall with no open request yet. */
  static of(licenseType: LicenseType, region: string): CapacityShortfall {
    return new CapacityShortfall(CapacityShortfall.idOf(licenseType, region), {
      licenseType,
      region,
      openRequestId: null,
      requestedAt: null,
      asked: {},
      launchSeen: false,
    });
  }

  get openRequestId(): string | null {
    return this._state.openRequestId;
  }

  /** Whether capacity was asked for the session less than `timeoutMs` ago (a launch may be on its way). */
  isAskedFor(sessionId: string, now: Date, timeoutMs: number): boolean {
    const askedAt = this._state.asked?.[sessionId];
    return askedAt !== undefined && now.getTime() - Date.parse(askedAt) < timeoutMs;
  }

  /**
   * Records what a placement run saw and asks (one `io.lcm.capacity.requested.v1` listing each session's
   * demand and their sum) for the uncovered sessions not asked for within `timeoutMs`, or for all of them
   * once the launches seen under way have landed.
   */
  report(seen: ShortfallReport, requestId: string, now: Date, timeoutMs: number): ShortfallOutcome {
    const before = JSON.stringify(this._state);
    const previous = this._state.asked ?? {};
    const asked: Record<string, string> = {};
    for (const { sessionId } of seen.uncovered)
      if (previous[sessionId] !== undefined) asked[sessionId] = previous[sessionId];
    this._state.asked = asked;
    const landed = (this._state.launchSeen ?? false) && !seen.launchUnderWay;
    this._state.launchSeen = seen.launchUnderWay;
    const toAsk = seen.uncovered.filter(
      ({ sessionId }) => landed || !this.isAskedFor(sessionId, now, timeoutMs),
    );
    if (toAsk.length > 0) this.ask(toAsk, requestId, now);
    return { asked: toAsk, changed: JSON.stringify(this._state) !== before };
  }

  /** Every session of this kind found a worker or a launch: nothing is asked for. Returns whether a request was open. */
  satisfy(): boolean {
    if (this._state.openRequestId === null) return false;
    this._state.openRequestId = null;
    this._state.requestedAt = null;
    this._state.asked = {};
    this._state.launchSeen = false;
    return true;
  }

  private ask(demands: readonly WaitingDemand[], requestId: string, now: Date): void {
    const sum = (pick: (demand: WaitingDemand) => number) => demands.reduce((n, d) => n + pick(d), 0);
    const neededBy = demands.reduce(
      (earliest, d) => (d.neededBy < earliest ? d.neededBy : earliest),
      demands[0].neededBy,
    );
    for (const { sessionId } of demands)
      (this._state.asked as Record<string, string>)[sessionId] = now.toISOString();
    this._state.openRequestId = requestId;
    this._state.requestedAt = now.toISOString();
    this.registerEvent(
      new CapacityRequested(
        this.id,
        now,
        requestId,
        sum((d) => d.cpuCores),
        sum((d) => d.memoryGb),
        sum((d) => d.storageGb),
        sum((d) => d.nodeCount),
        this._state.licenseType,
        this._state.region,
        neededBy.toISOString(),
        demands.map(({ sessionId, cpuCores, memoryGb, storageGb, nodeCount }) => ({
          sessionId,
          cpuCores,
          memoryGb,
          storageGb,
          nodeCount,
        })),
      ),
    );
  }
}

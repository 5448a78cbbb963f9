import { AggregateRoot } from '@lcm/neuro-core/domain';

/** What lab-manager knows of a worker, from worker-manager's events. */
export interface KnownWorkerState {
  workerId: string;
  status: string;
  httpsEndpoint: string | null;
  licenseType: string;
  templateName: string;
  region: string;
  /** Time of the newest event applied; older events arriving late are ignored. */
  lastEventAt: string;
}

/**
 * lab-manager's read model of one CML worker (endpoint and status), fed only by `io.lcm.worker.*`
 * CloudEvents: lab-manager never calls worker-manager.
 */
export class KnownWorker extends AggregateRoot<KnownWorkerState> {
  /** A worker first heard of through an event. */
  static fromSnapshot(snapshot: KnownWorkerState): KnownWorker {
    return new KnownWorker(snapshot.workerId, { ...snapshot });
  }

  /** Builds the view back from storage. */
  static rehydrate(id: string, state: KnownWorkerState, stateVersion: number): KnownWorker {
    return new KnownWorker(id, state, stateVersion);
  }

  /** Applies a newer snapshot; false (nothing changed) for one older than what is known. */
  apply(snapshot: KnownWorkerState): boolean {
    if (snapshot.lastEventAt < this._state.lastEventAt) return false;
    this._state = { ...snapshot };
    return true;
  }

  /** True when labs can be managed on it: RUNNING (or DRAINING, still serving sessions) with an endpoint. */
  get reachable(): boolean {
    return (
      (this._state.status === 'RUNNING' || this._state.status === 'DRAINING') && !!this._state.httpsEndpoint
    );
  }
}

import { AggregateRoot } from '@lcm/neuro-core/domain';

/** How worker-manager answered a capacity request. */
export type CapacityOutcome =
  'STARTED_STOPPED_WORKER' | 'CREATED_WORKER' | 'AT_MAX_WORKERS' | 'NO_FITTING_TEMPLATE';

/** A handled capacity request. */
export interface CapacityRequestState {
  outcome: CapacityOutcome;
  workerId: string | null;
  handledAt: string;
}

/**
 * A capacity request id already handled, so a request delivered again (at-least-once delivery, or a
 * sender that retries with a new event id) never starts or creates a second worker.
 */
export class CapacityRequest extends AggregateRoot<CapacityRequestState> {
  /** Records how a request was answered. */
  static handled(
    requestId: string,
    outcome: CapacityOutcome,
    workerId: string | null,
    at: Date,
  ): CapacityRequest {
    return new CapacityRequest(requestId, { outcome, workerId, handledAt: at.toISOString() });
  }

  /** Builds the record back from storage. */
  static rehydrate(id: string, state: CapacityRequestState, stateVersion: number): CapacityRequest {
    return new CapacityRequest(id, state, stateVersion);
  }
}

import { AggregateRoot } from '@lcm/neuro-core/domain';

/**
 * How worker-manager answered a capacity request: workers started or created (both when its plan needed
 * both: `CREATED_WORKER`), the room left on workers already launching (nothing to start or create), or
 * nothing, at the worker limit or because no template fits any demand.
 */
export type CapacityOutcome =
  | 'STARTED_STOPPED_WORKER'
  | 'CREATED_WORKER'
  | 'COVERED_BY_LAUNCHING_WORKERS'
  | 'AT_MAX_WORKERS'
  | 'NO_FITTING_TEMPLATE';

/** Demands summed: what a plan meant one worker for. */
export interface CommittedLoad {
  cpuCores: number;
  memoryGb: number;
  storageGb: number;
  nodeCount: number;
}

/** A handled capacity request. */
export interface CapacityRequestState {
  outcome: CapacityOutcome;
  /** The first worker started or created (the only one before requests carried demands). */
  workerId: string | null;
  /** Every worker started or created for it. */
  workerIds: string[];
  /** Demands the plan left without a worker (over MAX_WORKERS, or fitting no template). */
  unplacedDemands: number;
  /** The template of each worker the plan creates, in plan order (its id derives from the request id and the place). */
  createTemplates: string[];
  /**
   * What the plan meant each worker for (started, created, or already launching and joined), by worker id:
   * a later request fills only the room a launching worker has left.
   */
  committed: Record<string, CommittedLoad>;
  /** The keys of `committed`, so the workers a request is meant for can be queried. */
  committedTo: string[];
  handledAt: string;
}

/**
 * A capacity request id already handled, so a request delivered again (at-least-once delivery, or a
 * sender that retries with a new event id) never starts or creates a second set of workers.
 */
export class CapacityRequest extends AggregateRoot<CapacityRequestState> {
  /** Records how a request was answered. */
  static handled(
    requestId: string,
    answer: {
      outcome: CapacityOutcome;
      workerIds: readonly string[];
      unplacedDemands: number;
      createTemplates: readonly string[];
      committed: Readonly<Record<string, CommittedLoad>>;
    },
    at: Date,
  ): CapacityRequest {
    return new CapacityRequest(requestId, {
      outcome: answer.outcome,
      workerId: answer.workerIds[0] ?? null,
      workerIds: [...answer.workerIds],
      unplacedDemands: answer.unplacedDemands,
      createTemplates: [...answer.createTemplates],
      committed: { ...answer.committed },
      committedTo: Object.keys(answer.committed),
      handledAt: at.toISOString(),
    });
  }

  /** Builds the record back from storage (one saved before plans gets its one worker as the list). */
  static rehydrate(id: string, state: CapacityRequestState, stateVersion: number): CapacityRequest {
    return new CapacityRequest(
      id,
      {
        ...state,
        workerIds: state.workerIds ?? (state.workerId ? [state.workerId] : []),
        unplacedDemands: state.unplacedDemands ?? 0,
        createTemplates: state.createTemplates ?? [],
        committed: state.committed ?? {},
        committedTo: state.committedTo ?? [],
      },
      stateVersion,
    );
  }
}

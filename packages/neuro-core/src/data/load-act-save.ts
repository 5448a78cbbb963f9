import { FrameworkError } from '../core/framework-error';
import { type Failure, OperationResult } from '../core/operation-result';
import type { AggregateRoot } from '../domain/aggregate-root';
import type { DomainResult } from '../domain/domain-result';
import type { Repository } from './repository';
import { retryOnConflict } from './retry-on-conflict';

/** What `loadActSave` hands back when the act went through. */
export interface Acted<T, R> {
  /** The aggregate after the act, saved unless `saved` is false. */
  readonly aggregate: T;
  /** The act's own value, e.g. the new end time of an extension. */
  readonly value: R;
  /** False when the act answered `DomainResult.ok(false)`: nothing changed, nothing was written. */
  readonly saved: boolean;
}

/** What an act may answer: the aggregate's DomainResult, or a Failure to answer as it is (e.g. 403). */
export type ActOutcome<R> = DomainResult<R> | Failure;

/**
 * The shape of a command that changes one aggregate: load it (404 `<kind> <id> was not found` when
 * missing), act on it (a refused DomainResult becomes 409 with the domain's message; a Failure is answered
 * as it is), save it, and hand back the aggregate for the caller's answer. An act that answers
 * `DomainResult.ok(false)` changed nothing and is not saved. A save that lost a race to another writer is
 * 409 too, or, with `attempts` above 1, starts over from a fresh read that many times in all.
 */
export async function loadActSave<T extends AggregateRoot<object, K>, R, K extends string = string>(
  repository: Repository<T, K>,
  id: K,
  kind: string,
  act: (aggregate: T) => ActOutcome<R> | Promise<ActOutcome<R>>,
  options: { readonly attempts?: number } = {},
): Promise<OperationResult<Acted<T, R>>> {
  try {
    return await retryOnConflict(async () => {
      const aggregate = await repository.get(id);
      if (!aggregate) return OperationResult.notFound(kind, id);
      const outcome = await act(aggregate);
      if (!outcome.ok) return 'problem' in outcome ? outcome : OperationResult.conflict(outcome.error);
      const saved = outcome.value !== false;
      if (saved) await repository.update(aggregate);
      return OperationResult.ok({ aggregate, value: outcome.value, saved });
    }, options.attempts ?? 1);
  } catch (error) {
    if (FrameworkError.is(error, 'concurrency')) return OperationResult.conflict(error.message);
    throw error;
  }
}

/** What went wrong, for callers that branch on framework errors. */
export type FrameworkErrorKind =
  | 'concurrency'
  | 'conflict'
  | 'missingHandler'
  | 'duplicateHandler'
  | 'invalidRoute'
  | 'invalidSettings'
  | 'invalidEvent'
  /** A dependency (Redis) is unreachable right now: the caller should retry later (503). */
  | 'unavailable';

const marker = Symbol.for('lcm.FrameworkError');

/**
 * The one error class neuro-core throws for infrastructure and programming faults (never for business
 * outcomes, which are OperationResult values). `kind` says which; `FrameworkError.is(e, kind)` checks
 * across bundle copies, where `instanceof` would not.
 */
export class FrameworkError extends Error {
  readonly [marker] = true;

  constructor(
    readonly kind: FrameworkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'FrameworkError';
  }

  static is(error: unknown, kind?: FrameworkErrorKind): error is FrameworkError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true &&
      (kind === undefined || (error as FrameworkError).kind === kind)
    );
  }
}

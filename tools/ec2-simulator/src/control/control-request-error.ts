/**
 * A control-API request the simulator refuses (a bad fault spec, a negative time step). The control
 * router answers it with 400; the programmatic API lets it throw, since it is the caller's mistake.
 */
export class ControlRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlRequestError';
  }

  /** Narrows an unknown thrown value, so the router can tell refusals from simulator bugs. */
  static is(value: unknown): value is ControlRequestError {
    return value instanceof ControlRequestError;
  }
}

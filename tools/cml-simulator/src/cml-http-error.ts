/**
 * A failure the simulator answers with CML's JSON error body `{code, description}`. Stores throw it;
 * the router turns it into the response, so handlers read as the happy path.
 */
export class CmlHttpError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'CmlHttpError';
  }

  /** The body CML sends for this error. */
  toBody(): { code: number; description: string } {
    return { code: this.status, description: this.description };
  }
}

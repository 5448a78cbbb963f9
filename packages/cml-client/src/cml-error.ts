/**
 * Why a CML call failed: `http` (CML answered with an error status), `auth` (login refused, or still 401
 * after one fresh login), `timeout`, `unreachable` (refused, reset, DNS), `tls` (certificate rejected),
 * `circuitOpen` (this worker's breaker is failing calls fast) or `invalidInput` (rejected before sending).
 */
export type CmlErrorKind =
  'http' | 'auth' | 'timeout' | 'unreachable' | 'tls' | 'circuitOpen' | 'invalidInput';

/** Where and how a CML call failed; never holds credentials or tokens. */
export interface CmlErrorDetails {
  baseUrl?: string;
  method?: string;
  path?: string;
  /** The HTTP status CML answered with. */
  status?: number;
  /** `code` from CML's JSON error body. */
  code?: number;
  /** `description` from CML's JSON error body. */
  description?: string;
}

const marker = Symbol.for('lcm.CmlError');

/**
 * The one error the CML client throws. `kind` says what went wrong; `CmlError.is(e, kind)` checks across
 * bundle copies, where `instanceof` would not. The transport error that caused it is deliberately not
 * attached: axios errors carry the request config, headers and body, i.e. the token and the password.
 */
export class CmlError extends Error {
  readonly [marker] = true;
  readonly baseUrl?: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly code?: number;
  readonly description?: string;

  constructor(
    readonly kind: CmlErrorKind,
    message: string,
    details: CmlErrorDetails = {},
  ) {
    super(message);
    this.name = 'CmlError';
    Object.assign(this, details);
  }

  static is(error: unknown, kind?: CmlErrorKind): error is CmlError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true &&
      (kind === undefined || (error as CmlError).kind === kind)
    );
  }
}

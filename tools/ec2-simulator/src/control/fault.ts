/**
 * What an injected fault does to a matching call: `throttle` answers 503 `RequestLimitExceeded` (the SDK
 * retries it as throttling), `error500` answers 500 `InternalError` (retried as transient), `delay` holds
 * the call for `delayMs` and then answers it normally (done, even when the caller gave up meanwhile),
 * `hang` never answers: the call waits, undone, until the faults are cleared (then it runs and is answered),
 * the caller gives up (then it is dropped, never run), or a reset or `close()` cuts its connection.
 */
export type FaultKind = 'throttle' | 'error500' | 'delay' | 'hang';

/** A fault to inject: it hits the next `count` calls (default 1) of `action`, or of any action when absent. */
export interface FaultSpec {
  readonly kind: FaultKind;
  readonly action?: string;
  readonly count?: number;
  readonly delayMs?: number;
}

/** An injected fault and how many more calls it will hit. */
export interface Fault {
  readonly id: number;
  readonly kind: FaultKind;
  readonly action?: string;
  readonly remaining: number;
  readonly delayMs?: number;
}

/**
 * The background work commands hand off (a port; the adapter queues BullMQ jobs). Implementations never
 * throw for a queueing failure the periodic reconcile will make up for: they log it instead.
 */
export interface BackgroundJobs {
  /**
   * Reconciles one worker soon, once per saved `stateVersion`: queueing the same change twice runs it once,
   * so whatever must run again (a refresh) saves a new version first.
   */
  reconcileWorker(workerId: string, stateVersion: number): Promise<void>;
  /** Polls CML for the outcome of a licence registration (`attempt` counts from 1). */
  pollLicense(workerId: string, attempt: number, delayMs: number): Promise<void>;
  /** Deregisters the worker's licence. */
  deregisterLicense(workerId: string): Promise<void>;
}

/** DI token of the BackgroundJobs. */
export const BACKGROUND_JOBS = Symbol.for('lcm.BackgroundJobs');

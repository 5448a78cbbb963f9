/** Names of worker-manager's jobs on its BullMQ queue. */
export const JOB_NAMES = {
  /** The periodic fleet reconcile (every RECONCILE_INTERVAL_SECONDS). */
  reconcileFleet: 'reconcile-fleet',
  /** The on-demand reconcile of one worker after a command. */
  reconcileWorker: 'reconcile-worker',
  /** One poll of a licence registration. */
  pollLicense: 'license-poll',
  /** A licence deregistration. */
  deregisterLicense: 'license-deregister',
} as const;

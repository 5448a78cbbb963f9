/** The outcome of one readiness check. */
export interface HealthStatus {
  readonly ok: boolean;
  /** Why it is not ok (never a secret or a connection string with credentials). */
  readonly detail?: string;
}

/** A dependency `/health/ready` checks (Redis, MongoDB, ...). */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<HealthStatus>;
}

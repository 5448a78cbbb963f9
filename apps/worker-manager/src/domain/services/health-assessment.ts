import type { HealthCheckResult } from '../entities/worker-values';
import type { CmlHealth } from './cml-gateway';
import type { InstanceStatusChecks } from './ec2-gateway';

/** A failure text kept short: it ends up in the worker's state and events. */
const MAX_DETAIL = 160;

/**
 * One health check of a RUNNING worker from what CML and EC2 said (docs/operations.md#worker-health):
 * CML not answering (or not ready) makes it UNAVAILABLE; CML answering while `system_health` or an EC2
 * status check reports a problem makes it DEGRADED. EC2 checks still `initializing` or with
 * `insufficient-data` count as passed: only `impaired` is a failure.
 */
export function assessHealth(
  cml: { readonly health: CmlHealth } | { readonly error: string },
  ec2: InstanceStatusChecks | undefined,
): HealthCheckResult {
  if ('error' in cml) return unhealthy('UNAVAILABLE', `CML_UNREACHABLE: ${cml.error}`);
  if (!cml.health.ready) return unhealthy('UNAVAILABLE', 'CML_NOT_READY: no compute can start nodes');
  const impaired = [
    ec2?.system === 'impaired' ? 'system' : undefined,
    ec2?.instance === 'impaired' ? 'instance' : undefined,
  ].filter(Boolean);
  if (impaired.length > 0)
    return unhealthy('DEGRADED', `EC2_STATUS_CHECK: ${impaired.join(' and ')} impaired`);
  if (!cml.health.valid) {
    const problems = cml.health.problems.length > 0 ? cml.health.problems.join(', ') : 'not valid';
    return unhealthy('DEGRADED', `CML_UNHEALTHY: ${problems}`);
  }
  return { healthy: true };
}

function unhealthy(serviceStatus: 'DEGRADED' | 'UNAVAILABLE', reason: string): HealthCheckResult {
  return {
    healthy: false,
    serviceStatus,
    reason: reason.length > MAX_DETAIL ? `${reason.slice(0, MAX_DETAIL - 1)}…` : reason,
  };
}

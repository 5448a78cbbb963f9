import { type Metrics, registerDomainGauge } from '@lcm/neuro-core/hosting';
import type { KnownWorkerRepository } from '../../domain/repositories/known-worker.repository';
import type { CmlClientPool } from './cml-client-pool';

/**
 * `lcm_lab_cml_circuit_open{worker_id}` (docs/operations.md#workers): 1 while lab-manager's CML client of a
 * worker it manages labs on fails calls fast because that CML stopped answering, else 0. lab-manager's
 * clients are its own (another account, other calls), so their breakers open apart from worker-manager's:
 * a lab import failing at once shows here before it shows on the worker's health.
 */
export function registerLabCmlCircuitMetrics(
  metrics: Metrics,
  workers: KnownWorkerRepository,
  cml: Pick<CmlClientPool, 'circuitOpen'>,
): void {
  registerDomainGauge(metrics, {
    name: 'lcm_lab_cml_circuit_open',
    help: "1 while the circuit breaker of lab-manager's CML client of a worker is open (its CML stopped answering), else 0",
    labelNames: ['worker_id'],
    read: async () =>
      (await workers.find({ status: { $in: ['RUNNING', 'DRAINING'] }, httpsEndpoint: { $ne: null } })).map(
        (w) => ({
          labels: { worker_id: w.id },
          value: cml.circuitOpen(w.state.httpsEndpoint as string) ? 1 : 0,
        }),
      ),
  });
}

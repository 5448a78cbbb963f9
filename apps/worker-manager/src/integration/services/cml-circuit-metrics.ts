import { type Metrics, registerDomainGauge } from '@lcm/neuro-core/hosting';
import type { WorkerRepository } from '../../domain/repositories/worker.repository';
import type { CmlClientGateway } from './cml-client-gateway';

/**
 * `lcm_worker_cml_circuit_open{worker_id}` (docs/operations.md#workers): 1 while worker-manager's CML client
 * of a live worker fails calls fast because its CML stopped answering, else 0. An operator sees which
 * worker's CML is cut off without reading logs; the breaker itself is `@lcm/cml-client`'s.
 */
export function registerCmlCircuitMetrics(
  metrics: Metrics,
  workers: WorkerRepository,
  cml: Pick<CmlClientGateway, 'circuitOpen'>,
): void {
  registerDomainGauge(metrics, {
    name: 'lcm_worker_cml_circuit_open',
    help: "1 while the circuit breaker of a live worker's CML client is open (its CML stopped answering), else 0",
    labelNames: ['worker_id'],
    read: async () =>
      (await workers.find({ status: { $ne: 'TERMINATED' }, httpsEndpoint: { $ne: null } })).map((w) => ({
        labels: { worker_id: w.id },
        value: cml.circuitOpen(w.state.httpsEndpoint as string) ? 1 : 0,
      })),
  });
}

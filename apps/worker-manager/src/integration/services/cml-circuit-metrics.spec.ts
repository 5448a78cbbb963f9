import { Metrics } from '@lcm/neuro-core/hosting';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { aWorkerIn, anInstance } from '../../testing/builders';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { registerCmlCircuitMetrics } from './cml-circuit-metrics';

describe('lcm_worker_cml_circuit_open (docs/operations.md#workers)', () => {
  it("reports 1 for a live worker whose CML client's breaker is open, 0 for the others with a CML", async () => {
    const workers = mediatorFixture().repository<WorkerRepository>(WORKER_REPOSITORY);
    const cut = aWorkerIn('RUNNING');
    const fine = aWorkerIn('DRAINING');
    fine.observe(anInstance('running', { httpsEndpoint: 'https://203.0.113.8' }), new Date());
    const launching = aWorkerIn('PROVISIONING');
    const gone = aWorkerIn('TERMINATED');
    for (const worker of [cut, fine, launching, gone]) await workers.add(worker);
    const metrics = new Metrics();
    const openEndpoint = `${cut.state.httpsEndpoint}`;
    registerCmlCircuitMetrics(metrics, workers, { circuitOpen: (endpoint) => endpoint === openEndpoint });

    const text = await metrics.registry.metrics();

    expect(text).toContain(`lcm_worker_cml_circuit_open{worker_id="${cut.id}"} 1`);
    expect(text).toContain(`lcm_worker_cml_circuit_open{worker_id="${fine.id}"} 0`);
    expect(text).not.toContain(launching.id);
    expect(text).not.toContain(gone.id);
  });
});

import { createServer } from 'node:net';
import { WorkerEventTypes } from '@lcm/contracts';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { Metrics } from '@lcm/neuro-core/hosting';
import { CML_LABS_PROVIDER } from '../../domain/services/cml-labs';
import { aWorkerSnapshot } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import type { CmlClientPool } from './cml-client-pool';
import { registerLabCmlCircuitMetrics } from './lab-cml-circuit-metrics';

const CUT = '0b6c7a52-2f4e-4d8e-9c1a-5d3e8f7a6b01';
const FINE = '0b6c7a52-2f4e-4d8e-9c1a-5d3e8f7a6b02';
const STOPPED = '0b6c7a52-2f4e-4d8e-9c1a-5d3e8f7a6b03';

/** A loopback URL nothing listens on: every call to it fails at once. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('lcm_lab_cml_circuit_open (docs/operations.md#workers)', () => {
  let cml: CmlSimulator;
  let lab: LabManagerHarness;

  beforeEach(async () => {
    cml = await startCmlSimulator();
    lab = createLabManagerHarness({ CML_TIMEOUT_MS: '1000' }, { runJobs: false });
  });

  afterEach(async () => {
    lab.close();
    await cml.close();
  });

  it("reports 1 for a worker whose CML stopped answering lab-manager's calls, 0 for a reachable one, nothing for a stopped one", async () => {
    const dead = await deadEndpoint();
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(CUT, dead));
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(FINE, cml.url));
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(STOPPED, dead, 'STOPPED'));
    const pool = lab.container.get<CmlClientPool>(CML_LABS_PROVIDER);
    const metrics = new Metrics();
    registerLabCmlCircuitMetrics(metrics, lab.knownWorkers, pool);

    await expect(pool.forEndpoint(cml.url).listLabs()).resolves.toEqual([]);
    for (let call = 0; call < 5; call++) await expect(pool.forEndpoint(dead).listLabs()).rejects.toThrow();
    const text = await metrics.registry.metrics();

    expect(text).toContain(`lcm_lab_cml_circuit_open{worker_id="${CUT}"} 1`);
    expect(text).toContain(`lcm_lab_cml_circuit_open{worker_id="${FINE}"} 0`);
    expect(text).not.toContain(STOPPED);
  });
});

import type { CmlGateway } from '../../domain/services/cml-gateway';
import { CML_GATEWAY } from '../../domain/services/cml-gateway';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type FleetHarness, seedProvisioningFleet, startFleetHarness } from '../../testing/fleet-harness';

const FLEET_SIZE = 1000;

/** A CML that is always ready and always reports the same quiet metrics, so only EC2 traffic is measured. */
const steadyCml: CmlGateway = {
  readiness: async () => ({ ready: true, version: '2.9.1' }),
  metrics: async () => ({
    cpuPercent: 3,
    memoryUsedPercent: 20,
    diskUsedPercent: 25,
    runningNodes: 0,
    labsCount: 0,
  }),
  health: async () => ({ ready: true, valid: true, problems: [] }),
  licenseState: async () => 'UNREGISTERED',
  registerLicense: async () => undefined,
  deregisterLicense: async () => undefined,
};

/** The same CML answering after `delayMs`, counting the health checks and metrics requests under way. */
function meteredCml(delayMs: number) {
  const meter = { inFlight: 0, peak: 0, asked: 0 };
  const metered =
    <T>(answer: () => Promise<T>) =>
    async (): Promise<T> => {
      meter.asked++;
      meter.peak = Math.max(meter.peak, ++meter.inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      meter.inFlight--;
      return answer();
    };
  const gateway: CmlGateway = {
    ...steadyCml,
    metrics: metered(steadyCml.metrics as () => ReturnType<CmlGateway['metrics']>),
    health: metered(steadyCml.health as () => ReturnType<CmlGateway['health']>),
  };
  return { gateway, meter };
}

describe(`A reconcile over ${FLEET_SIZE} workers`, () => {
  const cml = meteredCml(2);
  let fleet: FleetHarness;
  let workers: WorkerRepository;

  beforeAll(async () => {
    fleet = await startFleetHarness({
      env: { MAX_WORKERS: '2000' },
      ec2: { onInstanceRunning: undefined, onInstanceStopped: undefined, onInstanceTerminated: undefined },
      configure: ({ container }) => {
        container.rebind(CML_GATEWAY).toConstantValue(cml.gateway);
      },
    });
    workers = fleet.service.container.get<WorkerRepository>(WORKER_REPOSITORY);
    await seedProvisioningFleet(fleet, FLEET_SIZE, 'scale-test');
    // see them running, see CML ready, take the first metrics sample
    for (let pass = 0; pass < 3; pass++) await fleet.reconcile();
  }, 30_000);
  afterAll(async () => {
    await fleet.close();
  });

  it('brought every worker to RUNNING with one instance each', async () => {
    expect(await workers.count({ status: 'RUNNING' })).toBe(FLEET_SIZE);
    expect((await fleet.ec2.instances()).length).toBe(FLEET_SIZE);
  });

  it('asks EC2 twice (one page of DescribeInstances, one of status checks) and writes nothing when nothing changed', async () => {
    fleet.ec2.resetCalls();
    const writes = jest.spyOn(workers, 'update');
    const pass = await fleet.reconcile();
    expect(pass).toMatchObject({ ok: true, value: { workers: FLEET_SIZE, changed: 0, failed: 0 } });
    expect(fleet.ec2.calls()).toEqual({
      total: 2,
      byAction: { DescribeInstances: 1, DescribeInstanceStatus: 1 },
    });
    expect(writes).not.toHaveBeenCalled();
    writes.mockRestore();
  });

  it('asks RECONCILE_CML_CONCURRENCY (16) CMLs at once for health and metrics, each RUNNING worker once of each', async () => {
    Object.assign(cml.meter, { peak: 0, asked: 0 });
    await fleet.reconcile();
    expect(cml.meter.asked).toBe(2 * FLEET_SIZE);
    expect(cml.meter.peak).toBe(16);
  });

  it('writes only the worker that drifted', async () => {
    const [one] = await fleet.ec2.instances();
    await fleet.ec2.terminateInstance(one!.instanceId);
    const writes = jest.spyOn(workers, 'update');
    const pass = await fleet.reconcile();
    expect(pass).toMatchObject({ ok: true, value: { changed: 1 } });
    expect(writes).toHaveBeenCalledTimes(1);
    writes.mockRestore();
  });
});

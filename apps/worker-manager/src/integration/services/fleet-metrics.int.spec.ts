import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

describe('Fleet series on /metrics (docs/operations.md#workers)', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness();
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('reports workers by status, template and health, capacity per worker and region, and the hourly cost', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.reconcile(); // the first CML metrics sample
    await fleet.createWorker('medium'); // PENDING: counted, not billed yet

    // every series also carries the service's default label, service="worker-manager"
    const text = (await fleet.service.http.get('/metrics').expect(200)).text.replaceAll(
      ',service="worker-manager"',
      '',
    );
    expect(text).toContain('lcm_workers{status="RUNNING",template="small",service_status="AVAILABLE"} 1');
    expect(text).toContain('lcm_workers{status="PENDING",template="medium",service_status="UNAVAILABLE"} 1');
    expect(text).toContain(
      `lcm_worker_capacity{worker_id="${id}",template="small",region="us-east-1",resource="nodes"} 5`,
    );
    expect(text).toMatch(
      new RegExp(
        `lcm_worker_free\\{worker_id="${id}",template="small",region="us-east-1",resource="memory_gb"\\} [0-9.]+`,
      ),
    );
    expect(text).toContain('lcm_region_capacity{region="us-east-1",resource="cpu_cores"} 2');
    expect(text).toContain('lcm_fleet_cost_per_hour_usd{template="small",region="us-east-1"} 0.0208');
    expect(text).not.toContain('lcm_fleet_cost_per_hour_usd{template="medium"');
  });
});

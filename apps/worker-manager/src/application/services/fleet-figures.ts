import type { CmlWorkerState } from '../../domain/entities/cml-worker.aggregate';
import type { WorkerStatus } from '../../domain/entities/worker-values';

/** One value of a fleet series and its labels (the shape a Prometheus gauge takes). */
export interface FleetSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The fleet series of docs/operations.md#workers, computed from the workers at one moment. */
export interface FleetFigures {
  /** lcm_workers: workers by status, template and service status (TERMINATED ones left out). */
  readonly workers: readonly FleetSample[];
  /** lcm_worker_capacity / _allocated / _free: per RUNNING or DRAINING worker and resource. */
  readonly workerCapacity: readonly FleetSample[];
  readonly workerAllocated: readonly FleetSample[];
  readonly workerFree: readonly FleetSample[];
  /** lcm_region_capacity / _allocated / _free: the same summed per region. */
  readonly regionCapacity: readonly FleetSample[];
  readonly regionAllocated: readonly FleetSample[];
  readonly regionFree: readonly FleetSample[];
  /** lcm_fleet_cost_per_hour_usd: the templates' hourly price of the workers EC2 bills, per template and region. */
  readonly costPerHour: readonly FleetSample[];
}

/** Statuses in which EC2 bills the instance's compute (pending or running). */
const BILLED: ReadonlySet<WorkerStatus> = new Set([
  'PROVISIONING',
  'STARTING',
  'RUNNING',
  'DRAINING',
  'STOPPING',
]);

const RESOURCES = ['cpu_cores', 'memory_gb', 'nodes'] as const;

/**
 * Computes the fleet series. "Allocated" is what CML reports in use on the worker (its CPU and memory
 * load applied to the worker's cores and memory, its running nodes); a worker with no CML sample yet
 * counts as empty. Session-level allocations are session-manager's series.
 */
export function fleetFigures(
  workers: readonly (CmlWorkerState & { readonly id: string })[],
  costPerHourUsd: ReadonlyMap<string, number>,
): FleetFigures {
  const count = new Map<string, { labels: Record<string, string>; value: number }>();
  const bump = (map: typeof count, labels: Record<string, string>, by: number) => {
    const key = JSON.stringify(labels);
    const entry = map.get(key) ?? { labels, value: 0 };
    entry.value += by;
    map.set(key, entry);
  };
  const cost = new Map<string, { labels: Record<string, string>; value: number }>();
  const regionCapacity = new Map<string, { labels: Record<string, string>; value: number }>();
  const regionAllocated = new Map<string, { labels: Record<string, string>; value: number }>();
  const workerCapacity: FleetSample[] = [];
  const workerAllocated: FleetSample[] = [];
  const workerFree: FleetSample[] = [];
  for (const w of workers) {
    if (w.status === 'TERMINATED') continue;
    bump(count, { status: w.status, template: w.templateName, service_status: w.serviceStatus }, 1);
    if (BILLED.has(w.status))
      bump(cost, { template: w.templateName, region: w.region }, costPerHourUsd.get(w.templateName) ?? 0);
    if (w.status !== 'RUNNING' && w.status !== 'DRAINING') continue;
    const total = {
      cpu_cores: w.capacity.cpuCores,
      memory_gb: w.capacity.memoryGb,
      nodes: w.capacity.maxNodes,
    };
    const m = w.metrics;
    const used = {
      cpu_cores: m ? round((m.cpuPercent / 100) * w.capacity.cpuCores) : 0,
      memory_gb: m ? round((m.memoryUsedPercent / 100) * w.capacity.memoryGb) : 0,
      nodes: m ? m.runningNodes : 0,
    };
    for (const resource of RESOURCES) {
      const labels = { worker_id: w.id, template: w.templateName, region: w.region, resource };
      workerCapacity.push({ labels, value: total[resource] });
      workerAllocated.push({ labels, value: used[resource] });
      workerFree.push({ labels, value: round(Math.max(0, total[resource] - used[resource])) });
      bump(regionCapacity, { region: w.region, resource }, total[resource]);
      bump(regionAllocated, { region: w.region, resource }, used[resource]);
    }
  }
  const regionFree = [...regionCapacity.entries()].map(([key, { labels, value }]) => ({
    labels,
    value: round(Math.max(0, value - (regionAllocated.get(key)?.value ?? 0))),
  }));
  return {
    workers: [...count.values()],
    workerCapacity,
    workerAllocated,
    workerFree,
    regionCapacity: [...regionCapacity.values()],
    regionAllocated: [...regionAllocated.values()].map((s) => ({ ...s, value: round(s.value) })),
    regionFree,
    costPerHour: [...cost.values()].map((s) => ({ ...s, value: round(s.value) })),
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

import { type Metrics, registerDomainGauge } from '@lcm/neuro-core/hosting';
import { type FleetFigures, fleetFigures } from '../../application/services/fleet-figures';
import type { WorkerTemplateRepository } from '../../domain/repositories/worker-template.repository';
import type { WorkerRepository } from '../../domain/repositories/worker.repository';

/** One scrape reads the fleet once for all series; a second scrape within this window reuses it. */
const REUSE_MS = 1000;

/** The series of docs/operations.md#workers, read from the repositories at each scrape. */
export function registerFleetMetrics(
  metrics: Metrics,
  workers: WorkerRepository,
  templates: WorkerTemplateRepository,
): void {
  let last: { at: number; figures: Promise<FleetFigures> } | undefined;
  const figures = (): Promise<FleetFigures> => {
    const now = Date.now();
    if (!last || now - last.at > REUSE_MS) {
      const read = (async () => {
        const live = await workers.find({ status: { $ne: 'TERMINATED' } });
        const costs = new Map((await templates.find({})).map((t) => [t.id, t.state.costPerHourUsd]));
        return fleetFigures(
          live.map((w) => ({ ...w.state, id: w.id })),
          costs,
        );
      })();
      last = { at: now, figures: read };
      read.catch(() => (last = undefined));
    }
    return last.figures;
  };
  const series: [
    name: string,
    help: string,
    labels: string[],
    pick: (f: FleetFigures) => FleetFigures['workers'],
  ][] = [
    [
      'lcm_workers',
      'Workers by status, template and service status (TERMINATED ones left out)',
      ['status', 'template', 'service_status'],
      (f) => f.workers,
    ],
    [
      'lcm_worker_capacity',
      'Capacity of each RUNNING or DRAINING worker, by resource (cpu_cores, memory_gb, nodes)',
      ['worker_id', 'template', 'region', 'resource'],
      (f) => f.workerCapacity,
    ],
    [
      'lcm_worker_allocated',
      'What CML reports in use on each RUNNING or DRAINING worker, by resource',
      ['worker_id', 'template', 'region', 'resource'],
      (f) => f.workerAllocated,
    ],
    [
      'lcm_worker_free',
      'Capacity less what is in use on each RUNNING or DRAINING worker, by resource',
      ['worker_id', 'template', 'region', 'resource'],
      (f) => f.workerFree,
    ],
    [
      'lcm_region_capacity',
      'Capacity of the RUNNING and DRAINING workers per region, by resource',
      ['region', 'resource'],
      (f) => f.regionCapacity,
    ],
    [
      'lcm_region_allocated',
      'What CML reports in use per region, by resource',
      ['region', 'resource'],
      (f) => f.regionAllocated,
    ],
    [
      'lcm_region_free',
      'Capacity less what is in use per region, by resource',
      ['region', 'resource'],
      (f) => f.regionFree,
    ],
    [
      'lcm_fleet_cost_per_hour_usd',
      "Estimated hourly EC2 price of the billed workers (templates' costPerHourUsd), per template and region",
      ['template', 'region'],
      (f) => f.costPerHour,
    ],
  ];
  for (const [name, help, labelNames, pick] of series) {
    registerDomainGauge(metrics, { name, help, labelNames, read: async () => pick(await figures()) });
  }
}

import type { Definition, Session, Worker, WorkerTemplate } from '../client/types';

/** Session statuses that hold a worker's resources. */
export const HOLDING = new Set([
  'SCHEDULED',
  'INSTANTIATING',
  'READY',
  'RUNNING',
  'COLLECTING',
  'GRADING',
  'STOPPING',
]);
const UP = new Set(['RUNNING', 'DRAINING']);

/** One worker as the Fleet page shows it. */
export interface FleetRow {
  readonly worker: Worker;
  readonly sessions: readonly Session[];
  readonly allocated: { readonly cpuCores: number; readonly memoryGb: number; readonly nodes: number };
  /** How long it has been up since it last started; undefined when it is not up. */
  readonly uptimeMs?: number;
  /** What it cost since it last started, at its hourly price; undefined when the price is unknown. */
  readonly costUsd?: number;
  readonly costPerHourUsd?: number;
}

/**
 * Joins workers with the sessions placed on them (resources from each session's definition) and their
 * template's hourly price (the same estimate as worker-manager's `lcm_fleet_cost_per_hour_usd`).
 */
export function fleetRows(
  workers: readonly Worker[],
  templates: readonly WorkerTemplate[],
  sessions: readonly Session[],
  definitions: readonly Definition[],
  now: number,
): FleetRow[] {
  const definitionsById = new Map(definitions.map((definition) => [definition.id, definition]));
  const prices = new Map(templates.map((template) => [template.name, template.costPerHourUsd]));
  return workers.map((worker) => {
    const placed = sessions.filter(
      (session) => session.workerId === worker.id && HOLDING.has(session.status),
    );
    const allocated = placed.reduce(
      (sum, session) => {
        const definition = definitionsById.get(session.definitionId);
        return {
          cpuCores: sum.cpuCores + (definition?.resourceRequirements.cpuCores ?? 0),
          memoryGb: sum.memoryGb + (definition?.resourceRequirements.memoryGb ?? 0),
          nodes: sum.nodes + (definition?.nodeCount ?? 0),
        };
      },
      { cpuCores: 0, memoryGb: 0, nodes: 0 },
    );
    const since = worker.lastResumedAt ?? worker.createdAt;
    const uptimeMs = UP.has(worker.status) ? Math.max(0, now - Date.parse(since)) : undefined;
    const costPerHourUsd = prices.get(worker.templateName);
    const costUsd =
      uptimeMs !== undefined && costPerHourUsd !== undefined
        ? (costPerHourUsd * uptimeMs) / 3_600_000
        : undefined;
    return { worker, sessions: placed, allocated, uptimeMs, costUsd, costPerHourUsd };
  });
}

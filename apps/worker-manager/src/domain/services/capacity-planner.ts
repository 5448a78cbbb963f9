import type { WorkerCapacity } from '../entities/worker-values';

/** One waiting session's need: it runs on one worker, so it is packed whole. */
export interface Demand {
  readonly id: string;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
}

/** A kind of worker the planner may create: an enabled template of the request's licence and region. */
export interface TemplateOption {
  readonly name: string;
  readonly capacity: WorkerCapacity;
  readonly costPerHourUsd: number;
}

/** A STOPPED worker the planner may start instead of creating one (it holds nothing while stopped). */
export interface StoppedWorkerOption {
  readonly workerId: string;
  readonly capacity: WorkerCapacity;
  readonly costPerHourUsd: number;
}

/** What a worker holds or is meant for, summed over demands. */
export interface Load {
  cpuCores: number;
  memoryGb: number;
  storageGb: number;
  nodeCount: number;
}

/**
 * A worker an earlier plan is already launching (PENDING to STARTING), with the demands that plan meant it
 * for: demands that arrive while it launches fill its room before anything else is started or created.
 */
interface LaunchingWorkerOption {
  readonly workerId: string;
  readonly capacity: WorkerCapacity;
  readonly committed: Load;
}

/** What the planner is asked. */
export interface CapacityPlanInput {
  readonly demands: readonly Demand[];
  /** Workers already launching for earlier requests (already paid for: they cost this plan nothing). */
  readonly launching?: readonly LaunchingWorkerOption[];
  readonly templates: readonly TemplateOption[];
  readonly stopped: readonly StoppedWorkerOption[];
  /** How many workers may be created (MAX_WORKERS less the live ones). */
  readonly maxNewWorkers: number;
  /** A worker must hold its demands times this (1: exactly). */
  readonly headroom: number;
}

/** The workers to start and create, with the demands each one is meant for. */
export interface CapacityPlan {
  /** Launching workers with room for some demands: nothing to do but count them as meant for those. */
  readonly join: readonly { readonly workerId: string; readonly demandIds: readonly string[] }[];
  readonly start: readonly { readonly workerId: string; readonly demandIds: readonly string[] }[];
  readonly create: readonly { readonly templateName: string; readonly demandIds: readonly string[] }[];
  /** Demands no template fits, or left over at the worker limit. */
  readonly unplaced: readonly string[];
  /** The hourly price of the workers started and created. */
  readonly costPerHourUsd: number;
}

interface Bin {
  readonly load: Load;
  readonly demandIds: string[];
  capacity: WorkerCapacity;
  costPerHourUsd: number;
  /** The launching or stopped worker it is, or the template it is made from. */
  source: { readonly launchingId: string } | { readonly workerId: string } | { templateName: string };
}

/**
 * Packs waiting demands into as few hourly dollars as it can (docs/operations.md#burst-capacity): the room
 * left on workers already launching first, then STOPPED workers (smallest that fits), then new workers from
 * the templates, within `maxNewWorkers`. It runs
 * first-fit-decreasing once per way of opening a new worker (always with one template, falling back to
 * the cheapest that fits; or always the cheapest that fits), shrinks each new worker to the cheapest
 * template that holds what was packed into it, and keeps the plan that places the most demands at the
 * lowest price (then with the fewest workers). Pure and deterministic: the same input gives the same plan.
 */
export function planCapacity(input: CapacityPlanInput): CapacityPlan {
  const templates = [...input.templates].sort(
    (a, b) => a.costPerHourUsd - b.costPerHourUsd || a.name.localeCompare(b.name),
  );
  const order = decreasing(input.demands, templates, input.stopped);
  const openers: (TemplateOption | undefined)[] = [undefined, ...templates];
  let best: CapacityPlan | undefined;
  for (const opener of openers) {
    const plan = pack(order, templates, input, opener);
    if (!best || better(plan, best)) best = plan;
  }
  return best as CapacityPlan;
}

function pack(
  order: readonly Demand[],
  templates: readonly TemplateOption[],
  input: CapacityPlanInput,
  opener: TemplateOption | undefined,
): CapacityPlan {
  const fits = (load: Load, capacity: WorkerCapacity) => holds(capacity, load, input.headroom);
  const stopped = [...input.stopped].sort(
    (a, b) =>
      a.costPerHourUsd - b.costPerHourUsd ||
      a.capacity.cpuCores - b.capacity.cpuCores ||
      a.capacity.memoryGb - b.capacity.memoryGb ||
      a.workerId.localeCompare(b.workerId),
  );
  const used = new Set<string>();
  const bins: Bin[] = (input.launching ?? []).map((w) => ({
    load: { ...w.committed },
    demandIds: [],
    capacity: w.capacity,
    costPerHourUsd: 0,
    source: { launchingId: w.workerId },
  }));
  const unplaced: string[] = [];
  let created = 0;
  for (const demand of order) {
    const bin = bins.find((b) => fits(plus(b.load, demand), b.capacity));
    if (bin) {
      add(bin, demand);
      continue;
    }
    const worker = stopped.find((w) => !used.has(w.workerId) && fits(plus(EMPTY, demand), w.capacity));
    if (worker) {
      used.add(worker.workerId);
      bins.push(newBin(demand, worker.capacity, worker.costPerHourUsd, { workerId: worker.workerId }));
      continue;
    }
    const template =
      opener && fits(plus(EMPTY, demand), opener.capacity)
        ? opener
        : templates.find((t) => fits(plus(EMPTY, demand), t.capacity));
    if (!template || created >= input.maxNewWorkers) {
      unplaced.push(demand.id);
      continue;
    }
    created++;
    bins.push(newBin(demand, template.capacity, template.costPerHourUsd, { templateName: template.name }));
  }
  for (const bin of bins) {
    if (!('templateName' in bin.source)) continue;
    const cheapest = templates.find((t) => fits(bin.load, t.capacity));
    if (cheapest && cheapest.costPerHourUsd < bin.costPerHourUsd) {
      bin.source.templateName = cheapest.name;
      bin.capacity = cheapest.capacity;
      bin.costPerHourUsd = cheapest.costPerHourUsd;
    }
  }
  const join: { workerId: string; demandIds: string[] }[] = [];
  const start: { workerId: string; demandIds: string[] }[] = [];
  const create: { templateName: string; demandIds: string[] }[] = [];
  for (const bin of bins) {
    if ('launchingId' in bin.source) {
      if (bin.demandIds.length > 0) join.push({ workerId: bin.source.launchingId, demandIds: bin.demandIds });
    } else if ('workerId' in bin.source)
      start.push({ workerId: bin.source.workerId, demandIds: bin.demandIds });
    else create.push({ templateName: bin.source.templateName, demandIds: bin.demandIds });
  }
  const costPerHourUsd = bins.reduce((sum, b) => sum + b.costPerHourUsd, 0);
  return { join, start, create, unplaced, costPerHourUsd: Math.round(costPerHourUsd * 1e6) / 1e6 };
}

/** More demands placed, then cheaper, then fewer workers. */
function better(a: CapacityPlan, b: CapacityPlan): boolean {
  if (a.unplaced.length !== b.unplaced.length) return a.unplaced.length < b.unplaced.length;
  if (a.costPerHourUsd !== b.costPerHourUsd) return a.costPerHourUsd < b.costPerHourUsd;
  return a.start.length + a.create.length < b.start.length + b.create.length;
}

/** Largest first, measured against the largest worker on offer in each dimension (ties by id). */
function decreasing(
  demands: readonly Demand[],
  templates: readonly TemplateOption[],
  stopped: readonly StoppedWorkerOption[],
): Demand[] {
  const capacities = [...templates.map((t) => t.capacity), ...stopped.map((w) => w.capacity)];
  const most = (pick: (c: WorkerCapacity) => number) => Math.max(1e-9, ...capacities.map(pick));
  const scale = {
    cpuCores: most((c) => c.cpuCores),
    memoryGb: most((c) => c.memoryGb),
    storageGb: most((c) => c.storageGb),
    nodeCount: most((c) => c.maxNodes),
  };
  const size = (d: Demand) =>
    Math.max(
      d.cpuCores / scale.cpuCores,
      d.memoryGb / scale.memoryGb,
      d.storageGb / scale.storageGb,
      d.nodeCount / scale.nodeCount,
    );
  return [...demands].sort((a, b) => size(b) - size(a) || a.id.localeCompare(b.id));
}

const EMPTY: Load = { cpuCores: 0, memoryGb: 0, storageGb: 0, nodeCount: 0 };

function plus(load: Load, demand: Demand): Load {
  return {
    cpuCores: load.cpuCores + demand.cpuCores,
    memoryGb: load.memoryGb + demand.memoryGb,
    storageGb: load.storageGb + demand.storageGb,
    nodeCount: load.nodeCount + demand.nodeCount,
  };
}

/** Whether `capacity` holds `load` times `headroom` (a tiny tolerance absorbs float sums like 0.1 + 0.2). */
function holds(capacity: WorkerCapacity, load: Load, headroom: number): boolean {
  const within = (need: number, have: number) => need * headroom <= have + 1e-9;
  return (
    within(load.cpuCores, capacity.cpuCores) &&
    within(load.memoryGb, capacity.memoryGb) &&
    within(load.storageGb, capacity.storageGb) &&
    Math.ceil(load.nodeCount * headroom - 1e-9) <= capacity.maxNodes
  );
}

function newBin(
  demand: Demand,
  capacity: WorkerCapacity,
  costPerHourUsd: number,
  source: Bin['source'],
): Bin {
  const bin: Bin = { load: { ...EMPTY }, demandIds: [], capacity, costPerHourUsd, source };
  add(bin, demand);
  return bin;
}

function add(bin: Bin, demand: Demand): void {
  Object.assign(bin.load, plus(bin.load, demand));
  bin.demandIds.push(demand.id);
}

import { Command, CommandHandler, SETTINGS, commandHandler, isLostRace } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { CapacityRequest, type CapacityOutcome } from '../../domain/entities/capacity-request.aggregate';
import { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { type LicenseType, SYSTEM_ACTORS } from '../../domain/entities/worker-values';
import {
  CAPACITY_REQUEST_REPOSITORY,
  type CapacityRequestRepository,
} from '../../domain/repositories/capacity-request.repository';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type Demand, type Load, planCapacity } from '../../domain/services/capacity-planner';
import { workerIdFor } from '../../domain/services/derived-worker-id';
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import type { WorkerManagerSettings } from '../settings';

/**
 * docs/domain.md#scale-up: a request without demands (one sum) is covered with 20% headroom; demands are
 * packed exactly, as placement will place them.
 */
const SUM_HEADROOM = 1.2;

/** What a capacity request asks for (the contract's CapacityRequested data). */
export interface CapacityNeed {
  readonly requestId: string;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
  readonly licenseType: LicenseType;
  readonly region: string;
  /** Each waiting session's own need; absent: one demand, the sum. */
  readonly demands?: readonly {
    readonly sessionId: string;
    readonly cpuCores: number;
    readonly memoryGb: number;
    readonly storageGb: number;
    readonly nodeCount: number;
  }[];
}

const amount = z.number().nonnegative();

/**
 * Scale-up (docs/operations.md#burst-capacity): the waiting demand becomes a set of workers, STOPPED ones
 * started first, new ones from the enabled templates at the lowest total hourly price within MAX_WORKERS.
 */
export class HandleCapacityRequestCommand extends Command<{
  outcome: CapacityOutcome | 'ALREADY_HANDLED';
  workerId: string | null;
  workerIds: string[];
}> {
  static readonly schema = z.object({
    need: z.object({
      requestId: z.string().min(1),
      cpuCores: amount,
      memoryGb: amount,
      storageGb: amount,
      nodeCount: z.number().int().nonnegative(),
      licenseType: z.enum(['PERSONAL', 'ENTERPRISE', 'EVALUATION']),
      region: z.string(),
      demands: z
        .array(
          z.object({
            sessionId: z.string().min(1),
            cpuCores: amount,
            memoryGb: amount,
            storageGb: amount,
            nodeCount: z.number().int().nonnegative(),
          }),
        )
        .max(1000)
        .optional(),
    }),
  });

  constructor(readonly need: CapacityNeed) {
    super();
  }
}

/**
 * Handles HandleCapacityRequestCommand, once per request id: the plan is recorded first, then carried out;
 * each created worker's id derives from the request id and its place in the plan, so a redelivery (racing
 * the first delivery, or after a crash) only completes the recorded plan and adds no second set.
 */
@commandHandler(HandleCapacityRequestCommand)
export class HandleCapacityRequestCommandHandler extends CommandHandler<HandleCapacityRequestCommand> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates!: WorkerTemplateRepository;
  @inject(CAPACITY_REQUEST_REPOSITORY) private readonly requests!: CapacityRequestRepository;
  @inject(BACKGROUND_JOBS) private readonly jobs!: BackgroundJobs;
  @inject(SETTINGS) private readonly settings!: WorkerManagerSettings;

  async handle({ need }: HandleCapacityRequestCommand) {
    const handled = await this.requests.get(need.requestId);
    if (handled) return this.again(handled);
    const { plan, record, stopped } = await this.planFor(need);
    try {
      // the plan is recorded before it is carried out: of two deliveries racing, one plan wins
      await this.requests.add(record);
    } catch (error) {
      if (!isLostRace(error)) throw error;
      const winner = await this.requests.get(need.requestId);
      return winner
        ? this.again(winner)
        : this.ok({ outcome: 'ALREADY_HANDLED' as const, workerId: null, workerIds: [] });
    }
    const now = this.clock.now();
    const started: CmlWorker[] = [];
    for (const { workerId } of plan.start) {
      const worker = stopped.get(workerId) as CmlWorker;
      if (!worker.requestStart(SYSTEM_ACTORS.scaleUp, now).ok) continue;
      await this.workers.update(worker);
      started.push(worker);
    }
    const created = await this.createPlanned(need.requestId, record.state.createTemplates);
    // the launches run in parallel: each worker's reconcile job launches its instance
    await Promise.all(
      [...started, ...created].map((worker) => this.jobs.reconcileWorker(worker.id, worker.stateVersion)),
    );
    this.logger.info(
      { requestId: need.requestId, ...record.state, costPerHourUsd: plan.costPerHourUsd },
      'capacity request handled',
    );
    const { outcome, workerId, workerIds } = record.state;
    return this.ok({ outcome, workerId, workerIds });
  }

  /**
   * A request seen before: its recorded plan's workers are created again where missing (a delivery that
   * crashed between recording and creating), which changes nothing when they exist.
   */
  private async again(handled: CapacityRequest) {
    const created = await this.createPlanned(handled.id, handled.state.createTemplates);
    await Promise.all(created.map((worker) => this.jobs.reconcileWorker(worker.id, worker.stateVersion)));
    return this.ok({ outcome: 'ALREADY_HANDLED' as const, workerId: null, workerIds: [] as string[] });
  }

  /** Creates the plan's workers (ids derived from the request id and place); answers those it added. */
  private async createPlanned(requestId: string, templateNames: readonly string[]): Promise<CmlWorker[]> {
    const now = this.clock.now();
    const added = await Promise.all(
      templateNames.map(async (templateName, slot) => {
        const template = await this.templates.get(templateName);
        if (!template) return undefined;
        const worker = CmlWorker.create(
          createdWorkerId(requestId, slot),
          { template: template.state, createdBy: SYSTEM_ACTORS.scaleUp },
          now,
        );
        try {
          await this.workers.add(worker);
          return worker;
        } catch (error) {
          if (isLostRace(error)) return undefined;
          throw error;
        }
      }),
    );
    return added.filter((w): w is CmlWorker => w !== undefined);
  }

  /** What the recorded plans meant each of these workers for, summed over requests. */
  private async committedLoads(workerIds: readonly string[]): Promise<Map<string, Load>> {
    const loads = new Map<string, Load>();
    if (workerIds.length === 0) return loads;
    for (const record of await this.requests.find({ committedTo: { $in: [...workerIds] } })) {
      for (const [workerId, load] of Object.entries(record.state.committed)) {
        if (workerIds.includes(workerId))
          loads.set(workerId, plusDemand(loads.get(workerId) ?? NOTHING, load));
      }
    }
    return loads;
  }

  private async planFor(need: CapacityNeed) {
    const matches = (s: { licenseType: LicenseType; region: string }) =>
      s.licenseType === need.licenseType && s.region === need.region;
    const templates = (await this.templates.find({ enabled: true })).filter((t) => matches(t.state));
    const costOf = new Map(templates.map((t) => [t.id, t.state.costPerHourUsd]));
    const stopped = (await this.workers.find({ status: 'STOPPED', desiredStatus: 'STOPPED' })).filter((w) =>
      matches(w.state),
    );
    const live = await this.workers.count({ status: { $ne: 'TERMINATED' } });
    const demands: Demand[] = need.demands?.length
      ? need.demands.map((d) => ({ ...d, id: d.sessionId }))
      : [{ id: 'sum', ...need }];
    const launching = (await this.workers.find({ status: { $in: [...LAUNCHING] } })).filter((w) =>
      matches(w.state),
    );
    const committedTo = await this.committedLoads(launching.map((w) => w.id));
    const plan = planCapacity({
      demands,
      launching: launching.map((w) => ({
        workerId: w.id,
        capacity: w.state.capacity,
        committed: committedTo.get(w.id) ?? { ...NOTHING },
      })),
      templates: templates.map((t) => ({
        name: t.id,
        capacity: t.state.capacity,
        costPerHourUsd: t.state.costPerHourUsd,
      })),
      stopped: stopped.map((w) => ({
        workerId: w.id,
        capacity: w.state.capacity,
        costPerHourUsd: costOf.get(w.state.templateName) ?? 0,
      })),
      maxNewWorkers: Math.max(0, this.settings.MAX_WORKERS - live),
      headroom: need.demands?.length ? 1 : SUM_HEADROOM,
    });
    const createTemplates = plan.create.map((c) => c.templateName);
    const workerIds = [
      ...plan.start.map((s) => s.workerId),
      ...createTemplates.map((_, slot) => createdWorkerId(need.requestId, slot)),
    ];
    const outcome: CapacityOutcome =
      createTemplates.length > 0
        ? 'CREATED_WORKER'
        : plan.start.length > 0
          ? 'STARTED_STOPPED_WORKER'
          : plan.join.length > 0
            ? 'COVERED_BY_LAUNCHING_WORKERS'
            : live >= this.settings.MAX_WORKERS
              ? 'AT_MAX_WORKERS'
              : 'NO_FITTING_TEMPLATE';
    const loadOf = (demandIds: readonly string[]) =>
      demands.filter((d) => demandIds.includes(d.id)).reduce(plusDemand, { ...NOTHING });
    const committed = Object.fromEntries([
      ...plan.join.map((j) => [j.workerId, loadOf(j.demandIds)] as const),
      ...plan.start.map((s) => [s.workerId, loadOf(s.demandIds)] as const),
      ...plan.create.map((c, slot) => [createdWorkerId(need.requestId, slot), loadOf(c.demandIds)] as const),
    ]);
    const record = CapacityRequest.handled(
      need.requestId,
      { outcome, workerIds, unplacedDemands: plan.unplaced.length, createTemplates, committed },
      this.clock.now(),
    );
    return { plan, record, stopped: new Map(stopped.map((w) => [w.id, w])) };
  }
}

/** Statuses of a worker on its way to RUNNING: room on it can be promised before it runs. */
const LAUNCHING = ['PENDING', 'PROVISIONING', 'STARTING'] as const;

const NOTHING: Load = { cpuCores: 0, memoryGb: 0, storageGb: 0, nodeCount: 0 };

function plusDemand(load: Load, d: Load): Load {
  return {
    cpuCores: load.cpuCores + d.cpuCores,
    memoryGb: load.memoryGb + d.memoryGb,
    storageGb: load.storageGb + d.storageGb,
    nodeCount: load.nodeCount + d.nodeCount,
  };
}

/** The id of the plan's `slot`-th new worker (the first keeps the id a request made before plans). */
function createdWorkerId(requestId: string, slot: number): string {
  return workerIdFor(slot === 0 ? requestId : `${requestId}#${slot}`);
}

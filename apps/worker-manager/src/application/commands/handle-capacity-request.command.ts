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
import { type Demand, planCapacity } from '../../domain/services/capacity-planner';
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
 * Handles HandleCapacityRequestCommand, once per request id: the request is recorded, and each created
 * worker gets an id derived from the request id and its place in the plan (the plan is deterministic), so
 * a redelivery racing the first delivery, or retried after a crash, adds no second set.
 */
@commandHandler(HandleCapacityRequestCommand)
export class HandleCapacityRequestCommandHandler extends CommandHandler<HandleCapacityRequestCommand> {
  constructor(
    @inject(WORKER_REPOSITORY) private readonly workers: WorkerRepository,
    @inject(WORKER_TEMPLATE_REPOSITORY) private readonly templates: WorkerTemplateRepository,
    @inject(CAPACITY_REQUEST_REPOSITORY) private readonly requests: CapacityRequestRepository,
    @inject(BACKGROUND_JOBS) private readonly jobs: BackgroundJobs,
    @inject(SETTINGS) private readonly settings: WorkerManagerSettings,
  ) {
    super();
  }

  async handle({ need }: HandleCapacityRequestCommand) {
    if (await this.requests.contains(need.requestId))
      return this.ok({ outcome: 'ALREADY_HANDLED' as const, workerId: null, workerIds: [] });
    const answer = await this.answer(need);
    this.logger.info({ requestId: need.requestId, ...answer }, 'capacity request handled');
    try {
      await this.requests.add(CapacityRequest.handled(need.requestId, answer, this.clock.now()));
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
    return this.ok({
      outcome: answer.outcome,
      workerId: answer.workerIds[0] ?? null,
      workerIds: answer.workerIds,
    });
  }

  private async answer(need: CapacityNeed): Promise<{
    outcome: CapacityOutcome;
    workerIds: string[];
    unplacedDemands: number;
    costPerHourUsd: number;
  }> {
    const now = this.clock.now();
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
    const plan = planCapacity({
      demands,
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
    const byId = new Map(stopped.map((w) => [w.id, w]));
    const started: CmlWorker[] = [];
    for (const { workerId } of plan.start) {
      const worker = byId.get(workerId) as CmlWorker;
      if (!worker.requestStart(SYSTEM_ACTORS.scaleUp, now).ok) continue;
      await this.workers.update(worker);
      started.push(worker);
    }
    const byTemplate = new Map(templates.map((t) => [t.id, t]));
    const created = await Promise.all(
      plan.create.map(async ({ templateName }, slot) => {
        const template = byTemplate.get(templateName) as (typeof templates)[number];
        const worker = CmlWorker.create(
          workerIdFor(slot === 0 ? need.requestId : `${need.requestId}#${slot}`),
          { template: template.state, createdBy: SYSTEM_ACTORS.scaleUp },
          now,
        );
        try {
          await this.workers.add(worker);
        } catch (error) {
          if (isLostRace(error)) return { worker, added: false };
          throw error;
        }
        return { worker, added: true };
      }),
    );
    // the launches run in parallel: each worker's reconcile job launches its instance
    await Promise.all([
      ...started.map((w) => this.jobs.reconcileWorker(w.id, w.stateVersion)),
      ...created
        .filter((c) => c.added)
        .map(({ worker }) => this.jobs.reconcileWorker(worker.id, worker.stateVersion)),
    ]);
    const workerIds = [...started.map((w) => w.id), ...created.map((c) => c.worker.id)];
    const outcome: CapacityOutcome =
      created.length > 0
        ? 'CREATED_WORKER'
        : workerIds.length > 0
          ? 'STARTED_STOPPED_WORKER'
          : live >= this.settings.MAX_WORKERS
            ? 'AT_MAX_WORKERS'
            : 'NO_FITTING_TEMPLATE';
    return { outcome, workerIds, unplacedDemands: plan.unplaced.length, costPerHourUsd: plan.costPerHourUsd };
  }
}

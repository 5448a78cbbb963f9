import { Command, CommandHandler, SETTINGS, commandHandler, isLostRace } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { CapacityRequest, type CapacityOutcome } from '../../domain/entities/capacity-request.aggregate';
import { CmlWorker } from '../../domain/entities/cml-worker.aggregate';
import { coversCapacity } from '../../domain/entities/worker-template.aggregate';
import { workerIdFor } from '../../domain/services/derived-worker-id';
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
import { BACKGROUND_JOBS, type BackgroundJobs } from '../services/background-jobs';
import type { WorkerManagerSettings } from '../settings';

/** docs/domain.md#scale-up: a new worker must cover the request with 20% headroom. */
const HEADROOM = 1.2;

/** What a capacity request asks for (the contract's CapacityRequested data). */
export interface CapacityNeed {
  readonly requestId: string;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodeCount: number;
  readonly licenseType: LicenseType;
  readonly region: string;
}

/** Scale-up (docs/domain.md#scale-up): start a STOPPED worker that fits, else create one from the cheapest fitting template. */
export class HandleCapacityRequestCommand extends Command<{
  outcome: CapacityOutcome | 'ALREADY_HANDLED';
  workerId: string | null;
}> {
  static readonly schema = z.object({
    need: z.object({
      requestId: z.string().min(1),
      cpuCores: z.number().nonnegative(),
      memoryGb: z.number().nonnegative(),
      storageGb: z.number().nonnegative(),
      nodeCount: z.number().int().nonnegative(),
      licenseType: z.enum(['PERSONAL', 'ENTERPRISE', 'EVALUATION']),
      region: z.string(),
    }),
  });

  constructor(readonly need: CapacityNeed) {
    super();
  }
}

/**
 * Handles HandleCapacityRequestCommand, once per request id: the request is recorded, and a created worker
 * gets an id derived from the request id, so a redelivery racing the first delivery cannot add a second.
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
      return this.ok({ outcome: 'ALREADY_HANDLED' as const, workerId: null });
    const { outcome, workerId } = await this.answer(need);
    this.logger.info({ requestId: need.requestId, outcome, workerId }, 'capacity request handled');
    try {
      await this.requests.add(CapacityRequest.handled(need.requestId, outcome, workerId, this.clock.now()));
    } catch (error) {
      if (!isLostRace(error)) throw error;
    }
    return this.ok({ outcome, workerId });
  }

  private async answer(need: CapacityNeed): Promise<{ outcome: CapacityOutcome; workerId: string | null }> {
    const fits = (capacity: CmlWorker['state']['capacity'], licenseType: LicenseType, region: string) =>
      licenseType === need.licenseType && region === need.region && coversCapacity(capacity, need, HEADROOM);
    const stopped = await this.workers.find({ status: 'STOPPED', desiredStatus: 'STOPPED' });
    const candidate = stopped
      .filter((w) => fits(w.state.capacity, w.state.licenseType, w.state.region))
      .sort(
        (a, b) =>
          a.state.capacity.cpuCores - b.state.capacity.cpuCores ||
          a.state.capacity.memoryGb - b.state.capacity.memoryGb,
      )[0];
    if (candidate && candidate.requestStart(SYSTEM_ACTORS.scaleUp, this.clock.now()).ok) {
      await this.workers.update(candidate);
      await this.jobs.reconcileWorker(candidate.id, candidate.stateVersion);
      return { outcome: 'STARTED_STOPPED_WORKER', workerId: candidate.id };
    }
    const live = await this.workers.count({ status: { $ne: 'TERMINATED' } });
    if (live >= this.settings.MAX_WORKERS) return { outcome: 'AT_MAX_WORKERS', workerId: null };
    const [template] = (await this.templates.find({ enabled: true }, { sort: { costPerHourUsd: 1 } })).filter(
      (t) => fits(t.state.capacity, t.state.licenseType, t.state.region),
    );
    if (!template) return { outcome: 'NO_FITTING_TEMPLATE', workerId: null };
    const worker = CmlWorker.create(
      workerIdFor(need.requestId),
      { template: template.state, createdBy: SYSTEM_ACTORS.scaleUp },
      this.clock.now(),
    );
    try {
      await this.workers.add(worker);
    } catch (error) {
      if (isLostRace(error)) return { outcome: 'CREATED_WORKER', workerId: worker.id };
      throw error;
    }
    await this.jobs.reconcileWorker(worker.id, worker.stateVersion);
    return { outcome: 'CREATED_WORKER', workerId: worker.id };
  }
}

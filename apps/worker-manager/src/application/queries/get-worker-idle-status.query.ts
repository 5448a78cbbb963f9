import { Query, QueryHandler, SETTINGS, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { ACTIVE_SESSION_STATUSES } from '../../domain/entities/session-activity.aggregate';
import {
  SESSION_ACTIVITY_REPOSITORY,
  type SessionActivityRepository,
} from '../../domain/repositories/session-activity.repository';
import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import { type IdleStatus, idleStatusOf } from '../services/idle-policy';
import type { WorkerManagerSettings } from '../settings';

/** Whether a worker is idle and may be auto-stopped, from its last metrics and the session read model. */
export class GetWorkerIdleStatusQuery extends Query<IdleStatus> {
  static readonly schema = z.object({ workerId: z.string().min(1) });

  constructor(readonly workerId: string) {
    super();
  }
}

/** Handles GetWorkerIdleStatusQuery. */
@queryHandler(GetWorkerIdleStatusQuery)
export class GetWorkerIdleStatusQueryHandler extends QueryHandler<GetWorkerIdleStatusQuery> {
  @inject(WORKER_REPOSITORY) private readonly workers!: WorkerRepository;
  @inject(SESSION_ACTIVITY_REPOSITORY) private readonly sessions!: SessionActivityRepository;
  @inject(SETTINGS) private readonly settings!: WorkerManagerSettings;

  async handle({ workerId }: GetWorkerIdleStatusQuery) {
    const worker = await this.workers.get(workerId);
    if (!worker) return this.notFound('CmlWorker', workerId);
    const active = await this.sessions.count({ workerId, status: { $in: [...ACTIVE_SESSION_STATUSES] } });
    const runningNodes = worker.state.metrics?.runningNodes ?? null;
    return this.ok(
      idleStatusOf(worker, active, runningNodes, this.clock.now(), this.settings.IDLE_TIMEOUT_MINUTES),
    );
  }
}

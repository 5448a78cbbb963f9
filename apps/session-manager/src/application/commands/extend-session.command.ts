import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_DEFINITION_VIEW_REPOSITORY,
  type LabletDefinitionViewRepository,
} from '../../domain/repositories/lablet-definition-view.repository';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import {
  WORKER_ALLOCATION_REPOSITORY,
  type WorkerAllocationRepository,
} from '../../domain/repositories/worker-allocation.repository';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import type { WorkerLimits } from '../../domain/entities/worker-allocation.aggregate';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import { type Actor, refuseUnlessAllowed } from '../services/actor';

/** The owner (or an admin) moves a placed session's end later by some minutes. */
export class ExtendSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    actor: z.object({ sub: z.string().min(1) }),
    minutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
  });

  constructor(
    readonly sessionId: string,
    readonly actor: Actor,
    readonly minutes: number,
  ) {
    super();
  }
}

/**
 * Extends only if the definition's maximum duration allows the new length and the session's worker stays
 * free for the extra time (its WorkerAllocation, saved with optimistic concurrency, so an extension and a
 * placement racing for the same time cannot both win). Either refusal is 409 with the reason.
 */
@commandHandler(ExtendSessionCommand)
export class ExtendSessionCommandHandler extends CommandHandler<ExtendSessionCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;
  @inject(LABLET_DEFINITION_VIEW_REPOSITORY) private readonly definitions!: LabletDefinitionViewRepository;
  @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations!: WorkerAllocationRepository;
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;

  async handle({ sessionId, actor, minutes }: ExtendSessionCommand) {
    const session = await this.sessions.get(sessionId);
    if (!session) return this.notFound('lablet session', sessionId);
    const refused = refuseUnlessAllowed(session, actor, 'act');
    if (refused) return refused;
    const definition = await this.definitions.get(session.state.definitionId);
    if (!definition) {
      return this.conflict(
        `lablet definition ${session.state.definitionId} is unknown; its maximum duration cannot be checked`,
      );
    }
    const extended = session.extend(minutes, definition.state.maxDurationMinutes);
    if (!extended.ok) return this.conflict(extended.error);
    const workerId = session.state.workerId as string;
    const [allocation, worker] = await Promise.all([
      this.allocations.get(workerId),
      this.workers.get(workerId),
    ]);
    if (!allocation || !worker)
      return this.conflict(`worker ${workerId} of lablet session ${sessionId} is unknown`);
    const held = allocation.extend(sessionId, extended.value, worker.limits());
    if (!held.ok) return this.conflict(held.error);
    await this.allocations.update(allocation);
    try {
      await this.sessions.update(session);
    } catch (error) {
      await this.shrinkBack(workerId, sessionId, worker.limits(), extended.value, minutes);
      throw error;
    }
    return this.accepted(toLabletSessionDto(session));
  }

  /** The session changed meanwhile: give the extra time back so no capacity stays held for nothing. */
  private async shrinkBack(
    workerId: string,
    sessionId: string,
    workerLimits: WorkerLimits,
    newEnd: Date,
    minutes: number,
  ) {
    const allocation = await this.allocations.get(workerId);
    if (!allocation?.extend(sessionId, new Date(newEnd.getTime() - minutes * 60_000), workerLimits).ok)
      return;
    // Losing this race only keeps the extra time held until the timeslot ends; the original error is what counts.
    await this.allocations.update(allocation).catch(() => undefined);
  }
}

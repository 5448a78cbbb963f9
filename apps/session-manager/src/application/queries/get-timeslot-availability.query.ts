import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { compareVersions } from '../../domain/entities/lablet-definition-view.aggregate';
import {
  LABLET_DEFINITION_VIEW_REPOSITORY,
  type LabletDefinitionViewRepository,
} from '../../domain/repositories/lablet-definition-view.repository';
import {
  WORKER_ALLOCATION_REPOSITORY,
  type WorkerAllocationRepository,
} from '../../domain/repositories/worker-allocation.repository';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import { availabilityByHour } from '../../domain/services/availability.service';
import { placementWorkerOf } from '../../domain/services/placement-plan';
import type { TimeslotAvailabilityDto } from '../dtos/timeslot-availability.dto';

/** The longest range one availability request may cover (a week of hours). */
export const MAX_AVAILABILITY_HOURS = 7 * 24;

/** How many more sessions of a definition could be placed, per hour in [from, to). */
export class GetTimeslotAvailabilityQuery extends Query<TimeslotAvailabilityDto> {
  constructor(
    readonly definitionName: string,
    readonly from: Date,
    readonly to: Date,
  ) {
    super();
  }
}

/** Uses the newest enabled version of the definition, the WorkerCapacity read model and the allocations. */
@queryHandler(GetTimeslotAvailabilityQuery)
export class GetTimeslotAvailabilityQueryHandler extends QueryHandler<GetTimeslotAvailabilityQuery> {
  @inject(LABLET_DEFINITION_VIEW_REPOSITORY) private readonly definitions!: LabletDefinitionViewRepository;
  @inject(WORKER_CAPACITY_REPOSITORY) private readonly workers!: WorkerCapacityRepository;
  @inject(WORKER_ALLOCATION_REPOSITORY) private readonly allocations!: WorkerAllocationRepository;

  async handle({ definitionName, from, to }: GetTimeslotAvailabilityQuery) {
    if (to <= from) return this.badRequest(`to ${to.toISOString()} must be after from ${from.toISOString()}`);
    if (to.getTime() - from.getTime() > MAX_AVAILABILITY_HOURS * 3_600_000) {
      return this.badRequest(`the range may cover at most ${MAX_AVAILABILITY_HOURS} hours`);
    }
    const [definition] = (await this.definitions.find({ name: definitionName, enabled: true })).sort((a, b) =>
      compareVersions(b.state.version, a.state.version),
    );
    if (!definition) return this.badRequest(`lablet definition ${definitionName} is unknown or disabled`);
    const held = new Map((await this.allocations.find({})).map((a) => [a.id, a.allocations]));
    const workers = (await this.workers.find({ status: { $in: ['RUNNING', 'STOPPED'] } })).map((w) =>
      placementWorkerOf(w, held.get(w.id) ?? []),
    );
    return this.ok({
      definitionName,
      definitionVersion: definition.state.version,
      hours: availabilityByHour(workers, definition.demand(), from, to),
    });
  }
}

import { Query, QueryHandler, type Filter, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_DEFINITION_REPOSITORY,
  type LabletDefinitionRepository,
} from '../../domain/repositories/lablet-definition.repository';
import { type LabletDefinitionDto, toLabletDefinitionDto } from '../dtos/lablet-definition.dto';

/** Lists definition versions, optionally of one name and/or only enabled or disabled ones. */
export class GetLabletDefinitionsQuery extends Query<LabletDefinitionDto[]> {
  static readonly schema = z.object({ name: z.string().optional(), enabled: z.boolean().optional() });

  constructor(
    readonly name?: string,
    readonly enabled?: boolean,
  ) {
    super();
  }
}

/** Returns the matching versions ordered by name, then creation time. */
@queryHandler(GetLabletDefinitionsQuery)
export class GetLabletDefinitionsQueryHandler extends QueryHandler<GetLabletDefinitionsQuery> {
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;

  async handle({ name, enabled }: GetLabletDefinitionsQuery) {
    const filter: Filter = {};
    if (name !== undefined) filter['name'] = name;
    if (enabled !== undefined) filter['enabled'] = enabled;
    const found = await this.definitions.find(filter, { sort: { name: 1, createdAt: 1 } });
    return this.ok(found.map(toLabletDefinitionDto));
  }
}

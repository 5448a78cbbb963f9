import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LABLET_DEFINITION_REPOSITORY,
  type LabletDefinitionRepository,
} from '../../domain/repositories/lablet-definition.repository';
import { type LabletDefinitionDto, toLabletDefinitionDto } from '../dtos/lablet-definition.dto';

/** One definition version by id. */
export class GetLabletDefinitionQuery extends Query<LabletDefinitionDto> {
  constructor(readonly definitionId: string) {
    super();
  }
}

/** Returns the version, or 404. */
@queryHandler(GetLabletDefinitionQuery)
export class GetLabletDefinitionQueryHandler extends QueryHandler<GetLabletDefinitionQuery> {
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;

  async handle({ definitionId }: GetLabletDefinitionQuery) {
    const definition = await this.definitions.get(definitionId);
    return definition
      ? this.ok(toLabletDefinitionDto(definition))
      : this.notFound('lablet definition', definitionId);
  }
}

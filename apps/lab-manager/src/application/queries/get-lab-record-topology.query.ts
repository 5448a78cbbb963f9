import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';

/** The topology YAML exactly as it was imported into CML (ports substituted). */
export class GetLabRecordTopologyQuery extends Query<string> {
  constructor(readonly labRecordId: string) {
    super();
  }
}

/** Returns the YAML; 404 for an unknown record, 409 for one that was never imported. */
@queryHandler(GetLabRecordTopologyQuery)
export class GetLabRecordTopologyQueryHandler extends QueryHandler<GetLabRecordTopologyQuery> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;

  async handle({ labRecordId }: GetLabRecordTopologyQuery) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    const yaml = record.state.importedTopologyYaml;
    if (yaml === null)
      return this.conflict(
        `lab record ${labRecordId} is ${record.state.status}; it has no imported topology`,
      );
    return this.ok(yaml);
  }
}

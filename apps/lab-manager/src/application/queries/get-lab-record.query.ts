import { Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';

/** One LabRecord by id. */
export class GetLabRecordQuery extends Query<LabRecordDto> {
  constructor(readonly labRecordId: string) {
    super();
  }
}

/** Returns the record, or 404. */
@queryHandler(GetLabRecordQuery)
export class GetLabRecordQueryHandler extends QueryHandler<GetLabRecordQuery> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;

  async handle({ labRecordId }: GetLabRecordQuery) {
    const record = await this.records.get(labRecordId);
    return record ? this.ok(toLabRecordDto(record)) : this.notFound('lab record', labRecordId);
  }
}

import { type Filter, Query, QueryHandler, queryHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { LAB_RECORD_STATUSES } from '../../domain/entities/lab-record-status';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';

/** Lists LabRecords, optionally of one worker and/or in one status. */
export class GetLabRecordsQuery extends Query<LabRecordDto[]> {
  static readonly schema = z.object({
    workerId: z.string().optional(),
    status: z.enum(LAB_RECORD_STATUSES).optional(),
  });

  constructor(
    readonly workerId?: string,
    readonly status?: (typeof LAB_RECORD_STATUSES)[number],
  ) {
    super();
  }
}

/** Returns the matching records, oldest first. */
@queryHandler(GetLabRecordsQuery)
export class GetLabRecordsQueryHandler extends QueryHandler<GetLabRecordsQuery> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;

  async handle({ workerId, status }: GetLabRecordsQuery) {
    const filter: Filter = {};
    if (workerId !== undefined) filter['workerId'] = workerId;
    if (status !== undefined) filter['status'] = status;
    return this.ok((await this.records.find(filter, { sort: { createdAt: 1 } })).map(toLabRecordDto));
  }
}

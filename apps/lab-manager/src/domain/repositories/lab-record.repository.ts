import { Repository } from '@lcm/neuro-core/domain';
import type { LabRecord } from '../entities/lab-record.aggregate';

/** Where LabRecords live. */
export abstract class LabRecordRepository extends Repository<LabRecord> {}

/** DI token of the LabRecordRepository. */
export const LAB_RECORD_REPOSITORY = Symbol.for('lcm.LabRecordRepository');

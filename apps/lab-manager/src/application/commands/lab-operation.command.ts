import { Command } from '@lcm/neuro-core';
import { z } from 'zod';
import { LAB_OPERATIONS, type LabOperation } from '../../domain/entities/lab-record-status';
import type { LabRecordDto } from '../dtos/lab-record.dto';

/** An operator's start, stop, wipe or delete of one lab: requested over the API, then run as a job. */
export abstract class LabOperationCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({
    labRecordId: z.string().min(1),
    operation: z.enum(LAB_OPERATIONS),
  });

  constructor(
    readonly labRecordId: string,
    readonly operation: LabOperation,
  ) {
    super();
  }
}

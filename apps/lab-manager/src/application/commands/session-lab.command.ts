import { Command } from '@lcm/neuro-core';
import { z } from 'zod';
import type { LabRecordDto } from '../dtos/lab-record.dto';
import type { SessionLab } from '../services/act-on-session-lab';

/** A command about the lab of one session, from a session event; its handler acts with `actOnSessionLab`. */
export abstract class SessionLabCommand extends Command<LabRecordDto> implements SessionLab {
  static readonly schema = z.object({
    sessionId: z.string().min(1),
    workerId: z.string().min(1).nullable(),
  });

  constructor(
    readonly sessionId: string,
    /** The session's worker when the event names one: a session placed again has a record on each. */
    readonly workerId: string | null = null,
  ) {
    super();
  }
}

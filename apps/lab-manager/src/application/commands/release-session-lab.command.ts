import { Command, CommandHandler, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';
import { CmlWorkers } from '../services/cml-workers';
import { SAVE_ATTEMPTS } from '../services/save-attempts';
import { withAttempts } from '../services/with-attempts';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/**
 * Releases a STOPPING session lab (job `lab-release`): stop, wipe, delete the session's CML user, then
 * WIPED (reusable, same ports) and `lab.released`. If CML keeps failing, the session is released
 * anyway and the record shows FAILED for an operator; a lab that vanished meanwhile is released at once.
 */
export class ReleaseSessionLabCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({ labRecordId: z.string().min(1), sessionId: z.string().min(1) });

  constructor(
    readonly labRecordId: string,
    /** The session whose release queued the job: only its release may skip CML when the lab vanished. */
    readonly sessionId: string,
  ) {
    super();
  }
}

/** Does the CML work with retries and records the outcome. */
@commandHandler(ReleaseSessionLabCommand)
export class ReleaseSessionLabCommandHandler extends CommandHandler<ReleaseSessionLabCommand> {
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(CmlWorkers) private readonly cml!: CmlWorkers;
  @inject(LAB_MANAGER_SETTINGS) private readonly settings!: LabManagerSettings;

  async handle({ labRecordId, sessionId }: ReleaseSessionLabCommand) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    const { status, cmlLabId, workerId, user, boundSessionId } = record.state;
    // A lab that vanished after this session's release was queued leaves nothing to stop or wipe (labs
    // sync removed its user): the session is released at once.
    const vanished = status === 'DELETED' && boundSessionId === sessionId;
    if (!boundSessionId || !cmlLabId || (status !== 'STOPPING' && !vanished)) {
      return this.ok(toLabRecordDto(record));
    }

    const outcome = vanished
      ? { ok: true as const }
      : await withAttempts(
          {
            attempts: this.settings.LAB_OPERATION_ATTEMPTS,
            backoffMs: this.settings.LAB_OPERATION_BACKOFF_MS,
          },
          async () => {
            const { labs } = await this.cml.of(workerId);
            await labs.stopLab(cmlLabId);
            await labs.wipeLab(cmlLabId).catch(async () => {
              // A start that checked the record just before this release took it over may have started
              // the lab after the stop above (CML then refuses to wipe a STARTED lab). That start steps
              // back once it sees the release, so stopping again and wiping is enough.
              await labs.stopLab(cmlLabId);
              await labs.wipeLab(cmlLabId);
            });
            if (user) await labs.deleteUser(user.cmlUserId);
          },
        );
    const saved = await loadActSave(
      this.records,
      labRecordId,
      'lab record',
      (current) =>
        outcome.ok
          ? current.released(this.clock.now())
          : current.releaseFailed(`release failed: ${outcome.reason}`, this.clock.now()),
      { attempts: SAVE_ATTEMPTS },
    );
    if (!saved.ok) return saved;
    const released = saved.value.aggregate;
    this.logger.info(
      {
        labRecordId,
        sessionId: boundSessionId,
        status: released.state.status,
        ...(outcome.ok ? {} : { reason: outcome.reason }),
      },
      'session lab released',
    );
    return this.ok(toLabRecordDto(released));
  }
}

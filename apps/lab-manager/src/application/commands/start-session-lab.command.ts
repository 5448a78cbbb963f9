import { randomBytes, randomUUID } from 'node:crypto';
import {
  CLOCK,
  type Clock,
  Command,
  CommandHandler,
  LOGGER,
  type Logger,
  commandHandler,
  retryOnConflict,
} from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import type { LabRecord } from '../../domain/entities/lab-record.aggregate';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import type { CmlLabs } from '../../domain/services/cml-labs';
import { SECRET_BOX, type SecretBox } from '../../domain/services/secret-box';
import { type LabRecordDto, toLabRecordDto } from '../queries/lab-record.dto';
import { CmlWorkers } from '../services/cml-workers';
import { withAttempts } from '../services/with-attempts';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/**
 * Starts a session's lab (job `lab-start`): a CML user of its own with a random password and `lab_exec`
 * on the lab, start, wait until converged, then `lab.ready`. After the last failed try the user is
 * removed, the lab stopped, the record FAILED and `lab.failed` emitted.
 */
export class StartSessionLabCommand extends Command<LabRecordDto> {
  static readonly schema = z.object({ labRecordId: z.string().min(1) });

  constructor(readonly labRecordId: string) {
    super();
  }
}

/**
 * Runs the start with retries; only one job can move a record to STARTING (optimistic concurrency), and it
 * steps back as soon as a release takes the record over.
 */
@commandHandler(StartSessionLabCommand)
export class StartSessionLabCommandHandler extends CommandHandler<StartSessionLabCommand> {
  constructor(
    @inject(LAB_RECORD_REPOSITORY) private readonly records: LabRecordRepository,
    @inject(CmlWorkers) private readonly cml: CmlWorkers,
    @inject(SECRET_BOX) private readonly secrets: SecretBox,
    @inject(LAB_MANAGER_SETTINGS) private readonly settings: LabManagerSettings,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async handle({ labRecordId }: StartSessionLabCommand) {
    const record = await this.records.get(labRecordId);
    if (!record) return this.notFound('lab record', labRecordId);
    const { boundSessionId: sessionId, cmlLabId, workerId } = record.state;
    if (!record.state.startRequested || !sessionId || !cmlLabId || !record.beginStart().ok) {
      return this.ok(toLabRecordDto(record));
    }
    await this.records.update(record);
    this.logger.info({ labRecordId, sessionId, status: 'STARTING' }, 'starting lab for session');

    let endpoint = '';
    const outcome = await withAttempts(
      { attempts: this.settings.LAB_OPERATION_ATTEMPTS, backoffMs: this.settings.LAB_OPERATION_BACKOFF_MS },
      async () => {
        if (!(await this.stillStarting(labRecordId, sessionId))) return;
        const worker = await this.cml.of(workerId);
        endpoint = worker.endpoint;
        await this.ensureUser(record, worker.labs, sessionId);
        const userId = record.state.user?.cmlUserId as string;
        await worker.labs.grantLabExec(cmlLabId, userId);
        await worker.labs.startLab(cmlLabId);
        await this.untilConverged(worker.labs, cmlLabId, () => this.stillStarting(labRecordId, sessionId));
      },
    );

    // The session ended while its lab was starting: the release owns the record now (and the wiped lab may
    // already serve the next session), so this start must neither mark it ready or failed nor clean up.
    if (!(await this.stillStarting(labRecordId, sessionId))) {
      this.logger.info({ labRecordId, sessionId }, 'lab start abandoned: the session was released meanwhile');
      return this.ok(toLabRecordDto((await this.records.get(labRecordId)) ?? record));
    }
    if (outcome.ok) {
      const done = await this.save(labRecordId, (r) => r.ready(randomUUID(), endpoint, this.clock.now()));
      this.logger.info({ labRecordId, sessionId, status: done.state.status }, 'lab ready for session');
      return this.ok(toLabRecordDto(done));
    }
    await this.cleanUp(record).catch(() => undefined);
    const failed = await this.save(labRecordId, (r) =>
      r.fail(`start failed: ${outcome.reason}`, false, this.clock.now()),
    );
    this.logger.warn(
      { labRecordId, sessionId, status: 'FAILED', reason: outcome.reason },
      'lab start failed',
    );
    return this.ok(toLabRecordDto(failed));
  }

  /** Creates the session's CML user once, and saves it at once so a later failure can remove it. */
  private async ensureUser(record: LabRecord, labs: CmlLabs, sessionId: string): Promise<void> {
    if (record.state.user) return;
    const username = `lcm-${sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}-${randomBytes(3).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const cmlUserId = await labs.createUser(username, password);
    const user = { cmlUserId, username, sealedPassword: this.secrets.seal(password) };
    record.userCreated(user);
    await this.save(record.id, (r) => r.userCreated(user));
  }

  /** True while the record is still being started for this session (no release has taken it over). */
  private async stillStarting(labRecordId: string, sessionId: string): Promise<boolean> {
    const current = await this.records.get(labRecordId);
    return current?.state.status === 'STARTING' && current.state.boundSessionId === sessionId;
  }

  /** Polls until the lab converged; gives up quietly (returns) as soon as `stillWanted` says no. */
  private async untilConverged(
    labs: CmlLabs,
    cmlLabId: string,
    stillWanted: () => Promise<boolean>,
  ): Promise<void> {
    const deadline = performance.now() + this.settings.LAB_CONVERGE_TIMEOUT_SECONDS * 1000;
    while (!(await labs.isConverged(cmlLabId))) {
      if (!(await stillWanted())) return;
      if (performance.now() >= deadline) {
        throw new Error(
          `lab ${cmlLabId} did not converge within ${this.settings.LAB_CONVERGE_TIMEOUT_SECONDS} s`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.settings.LAB_CONVERGE_POLL_MS));
    }
  }

  private async cleanUp(record: LabRecord): Promise<void> {
    const { labs } = await this.cml.of(record.state.workerId);
    if (record.state.user) await labs.deleteUser(record.state.user.cmlUserId);
    if (record.state.cmlLabId) await labs.stopLab(record.state.cmlLabId).catch(() => undefined);
  }

  private save(labRecordId: string, change: (record: LabRecord) => unknown): Promise<LabRecord> {
    return retryOnConflict(async () => {
      const current = (await this.records.get(labRecordId)) as LabRecord;
      change(current);
      await this.records.update(current);
      return current;
    });
  }
}

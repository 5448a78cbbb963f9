import { randomBytes, randomUUID } from 'node:crypto';
import { Command, CommandHandler, DomainResult, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import type { LabRecord } from '../../domain/entities/lab-record.aggregate';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../../domain/repositories/lab-record.repository';
import type { CmlLabs } from '../../domain/services/cml-labs';
import { SECRET_BOX, type SecretBox } from '../../domain/services/secret-box';
import { type LabRecordDto, toLabRecordDto } from '../dtos/lab-record.dto';
import { CmlWorkers } from '../services/cml-workers';
import { SAVE_ATTEMPTS } from '../services/save-attempts';
import { withAttempts } from '../services/with-attempts';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings } from '../settings';

/** The CML login a start gives its session, chosen once so that every try of the start means one user. */
interface SessionLogin {
  readonly username: string;
  readonly password: string;
  /** A createUser call went out: CML may hold the user even when no answer came back. */
  asked: boolean;
}

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
  @inject(LAB_RECORD_REPOSITORY) private readonly records!: LabRecordRepository;
  @inject(CmlWorkers) private readonly cml!: CmlWorkers;
  @inject(SECRET_BOX) private readonly secrets!: SecretBox;
  @inject(LAB_MANAGER_SETTINGS) private readonly settings!: LabManagerSettings;

  async handle({ labRecordId }: StartSessionLabCommand) {
    // One attempt: a start that loses the race to STARTING leaves the start to the job that won it.
    const begun = await loadActSave(this.records, labRecordId, 'lab record', (current) =>
      DomainResult.ok(current.beginStart().ok),
    );
    if (!begun.ok) return begun;
    const { aggregate: record, saved } = begun.value;
    const { boundSessionId: sessionId, cmlLabId, workerId } = record.state;
    // Not due (no longer wanted, or started already): nothing to do.
    if (!saved || !sessionId || !cmlLabId) return this.ok(toLabRecordDto(record));
    this.logger.info({ labRecordId, sessionId, status: 'STARTING' }, 'starting lab for session');

    let endpoint = '';
    const login: SessionLogin = {
      username: `lcm-${sessionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}-${randomBytes(3).toString('hex')}`,
      password: randomBytes(18).toString('base64url'),
      asked: false,
    };
    const outcome = await withAttempts(
      { attempts: this.settings.LAB_OPERATION_ATTEMPTS, backoffMs: this.settings.LAB_OPERATION_BACKOFF_MS },
      async () => {
        if (!(await this.stillStarting(labRecordId, sessionId))) return;
        const worker = await this.cml.of(workerId);
        endpoint = worker.endpoint;
        await this.ensureUser(record, worker.labs, login);
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
      if (!done.ok) return done;
      this.logger.info({ labRecordId, sessionId, status: 'STARTED' }, 'lab ready for session');
      return this.ok(toLabRecordDto(done.value.aggregate));
    }
    await this.cleanUp(record, login).catch(() => undefined);
    const failed = await this.save(labRecordId, (r) => {
      r.fail(`start failed: ${outcome.reason}`, false, this.clock.now());
      return DomainResult.ok();
    });
    if (!failed.ok) return failed;
    this.logger.warn(
      { labRecordId, sessionId, status: 'FAILED', reason: outcome.reason },
      'lab start failed',
    );
    return this.ok(toLabRecordDto(failed.value.aggregate));
  }

  /**
   * Creates the session's CML user once, and saves it at once so a later failure can remove it. A try
   * after one whose createUser went out looks the user up first: CML may have created it although its
   * answer was lost, and creating another would leave the first behind.
   */
  private async ensureUser(record: LabRecord, labs: CmlLabs, login: SessionLogin): Promise<void> {
    if (record.state.user) return;
    const { username, password } = login;
    const existing = login.asked ? await labs.userIdByName(username) : undefined;
    login.asked = true;
    const cmlUserId = existing ?? (await labs.createUser(username, password));
    const user = { cmlUserId, username, sealedPassword: this.secrets.seal(password) };
    record.userCreated(user);
    const saved = await this.save(record.id, (r) => {
      r.userCreated(user);
      return DomainResult.ok();
    });
    if (!saved.ok) throw new Error(`user ${username} could not be recorded: ${saved.problem.detail}`);
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

  /** Removes the session's user (found by name when no answer recorded it) and stops the lab. */
  private async cleanUp(record: LabRecord, login: SessionLogin): Promise<void> {
    const { labs } = await this.cml.of(record.state.workerId);
    const userId =
      record.state.user?.cmlUserId ?? (login.asked ? await labs.userIdByName(login.username) : undefined);
    if (userId) await labs.deleteUser(userId);
    if (record.state.cmlLabId) await labs.stopLab(record.state.cmlLabId).catch(() => undefined);
  }

  /** Applies `change` to the record as it is now, again after a lost race. */
  private save(labRecordId: string, change: (record: LabRecord) => DomainResult) {
    return loadActSave(this.records, labRecordId, 'lab record', change, { attempts: SAVE_ATTEMPTS });
  }
}

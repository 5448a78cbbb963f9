import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { CmlClient } from '@lcm/cml-client';
import { type CmlSimulator, buildTopology } from '@lcm/cml-simulator';
import { LabEventTypes, SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { labTitle } from '../../../apps/lab-manager/src/domain/entities/lab-title';
import type { SeenEvent } from '../../e2e/src/event-spy';
import { ReplicatedLcm, type ServiceName } from '../../e2e/src/replicas/replicated-lcm';
import { eventually } from '@lcm/neuro-core/testing';
import { RecordingClient } from './recording-client';

/** Where a session reached its lab: READY, or RUNNING right after (an ASAP session starts at once). */
const REACHED = new Set(['READY', 'RUNNING']);
/** `LABS_SYNC_INTERVAL_SECONDS` and `RECONCILE_INTERVAL_SECONDS` of `ReplicatedLcm`. */
const INTERVAL_MS = 1_000;
/**
 * How long a correction may take after the restarted service is up: one interval, and room for what a
 * loaded 2-core machine adds (the event's outbox poll and delivery, the receiver's own handling). The
 * figures printed say how long it took.
 */
const WITHIN_MS = INTERVAL_MS + 14_000;
/** ORPHAN_GRACE_MINUTES of the scenario: 3 s, so a leaked lab is removed while the test watches. */
const ORPHAN_GRACE_MINUTES = '0.05';

describe('scenario 6: state that disagrees with reality is reconciled after a restart', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  const figures: Record<string, number> = {};
  /** CML simulators of stopped instances, closed here (the test stopped their machine). */
  const stoppedCml: CmlSimulator[] = [];
  let admin: string;
  let sessions: string;

  beforeAll(async () => {
    await lcm.start({
      EVENT_DELIVERY_BACKOFF_MS: '200',
      ORPHAN_CLEANUP: 'true',
      ORPHAN_GRACE_MINUTES,
    });
    admin = await lcm.token('root', ['admin']);
    sessions = `${lcm.url('session-manager')}/api/lablet-sessions`;
  }, 120_000);

  afterAll(async () => {
    process.stdout.write(
      `scenario 6 figures (ms from the restarted service up): ${JSON.stringify(figures)}\n`,
    );
    if (process.env['FAULTS_LOG_FILE']) await writeFile(process.env['FAULTS_LOG_FILE'], lcm.logs(1_000_000));
    await Promise.all(stoppedCml.map((simulator) => simulator.close()));
    await lcm.close();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API under test
  async function session(id: string): Promise<any> {
    return (await client.call(`${sessions}/${id}`, admin)).body;
  }

  /** A new ASAP session of a user of its own, once it reached its lab. */
  async function readySession(): Promise<{ id: string; workerId: string; labRecordId: string }> {
    const owner = `user-${randomUUID().slice(0, 8)}`;
    const answer = await client.call(sessions, await lcm.token(owner, ['user']), 'POST', {
      definitionName: 'two-router-basics',
      durationMinutes: 30,
    });
    expect(answer.status).toBe(201);
    let last: unknown;
    return eventually(
      async () => {
        const body = await session(answer.body.id);
        last = body?.status;
        return REACHED.has(body?.status) ? body : undefined;
      },
      90_000,
      () => `session ${answer.body.id} READY; now ${JSON.stringify(last)}; logs:\n${lcm.logs(30)}`,
    );
  }

  /** The lab record lab-manager keeps (its stored state). */
  async function labRecord(id: string) {
    return lcm
      .service('lab-manager')
      .db.collection('lab_records')
      .findOne({ _id: id as never });
  }

  async function workerRecord(id: string) {
    return lcm
      .service('worker-manager')
      .db.collection('workers')
      .findOne({ _id: id as never });
  }

  /** The CML simulator serving a worker now (one per EC2 instance). */
  async function cmlOf(workerId: string): Promise<CmlSimulator> {
    const instanceId = (await workerRecord(workerId))?.['ec2InstanceId'] as string;
    const simulator = lcm.cml.get(instanceId);
    if (!simulator) throw new Error(`no CML simulator for worker ${workerId} (instance ${instanceId})`);
    return simulator;
  }

  /** What an operator with the CML admin account does on the worker, behind LCM's back. */
  function operatorOn(simulator: CmlSimulator): CmlClient {
    return new CmlClient({ baseUrl: simulator.url, credentials: { username: 'admin', password: 'admin' } });
  }

  /**
   * Crashes a service, lets `meanwhile` change reality, then starts a fresh pair on the same database and
   * Redis; answers when the restart began and when the pair was up (its start-up sweep, if any, done).
   */
  async function whileDown(
    name: ServiceName,
    meanwhile: () => Promise<void>,
  ): Promise<{ restartedAt: number; upAt: number }> {
    await lcm.crash(name);
    await meanwhile();
    const restartedAt = Date.now();
    await lcm.startService(name);
    return { restartedAt, upAt: Date.now() };
  }

  /**
   * Waits for an event the restarted system emitted, and asserts it came within WITHIN_MS of the
   * restarted service being up; the figure is from there.
   */
  async function eventAfter(
    figure: string,
    restart: { restartedAt: number; upAt: number },
    type: string,
    match: (event: SeenEvent) => boolean,
  ): Promise<SeenEvent> {
    const find = () =>
      lcm.spy.events.find((e) => e.type === type && e.receivedAt >= restart.restartedAt && match(e));
    const event = await eventually(
      find,
      Math.max(0, restart.upAt + WITHIN_MS - Date.now()),
      () => `${type} within ${WITHIN_MS} ms of the restart; logs:\n${lcm.logs(30)}`,
    );
    figures[figure] = event.receivedAt - restart.upAt;
    expect(figures[figure]).toBeLessThanOrEqual(WITHIN_MS);
    return event;
  }

  it("records a lab no LabRecord knows as ORPHANED, removes it only when its title is LCM's, keeps an operator's own", async () => {
    const { workerId } = await readySession();
    const simulator = await cmlOf(workerId);
    const operator = operatorOn(simulator);
    // A lab LCM imported whose record is gone (as a restored database would lose it), and an operator's own.
    const leakedTitle = labTitle('two-router-basics', '1.0.0', randomUUID());
    let leaked = '';
    let operators = '';
    try {
      const restart = await whileDown('lab-manager', async () => {
        leaked = (
          await operator.importTopology(buildTopology({ title: leakedTitle }), { title: leakedTitle })
        ).id;
        operators = (
          await operator.importTopology(buildTopology({ title: 'operator sandbox' }), {
            title: 'operator sandbox',
          })
        ).id;
      });

      for (const [figure, cmlLabId] of [
        ['orphanReportedLcmTitled', leaked],
        ['orphanReportedOperators', operators],
      ] as const) {
        const event = await eventAfter(figure, restart, LabEventTypes.orphanDetected, (e) => {
          return e.data['cmlLabId'] === cmlLabId;
        });
        expect(event.data).toMatchObject({ workerId, cmlLabId });
        expect(event.source).toBe('/lab-manager');
      }

      // ORPHAN_GRACE_MINUTES (3 s) after it was recorded, the next sync deletes the leaked lab, never the other.
      const labsOnCml = () => simulator.control.state().labs.map((lab) => lab.id);
      await eventually(
        () => (labsOnCml().includes(leaked) ? undefined : true),
        3_000 + WITHIN_MS,
        () => `the leaked lab removed from CML; labs now ${JSON.stringify(labsOnCml())}`,
      );
      figures['orphanRemovedLcmTitled'] = Date.now() - restart.upAt;
      const records = lcm.service('lab-manager').db.collection('lab_records');
      // The sync deletes the lab on CML first, then records it DELETED.
      await eventually(
        async () =>
          (await records.findOne({ cmlLabId: leaked }))?.['status'] === 'DELETED' ? true : undefined,
        30_000,
        'the leaked lab recorded DELETED',
      );
      // Several more syncs later, the operator's lab is still there, reported once.
      await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));
      expect(labsOnCml()).toContain(operators);
      expect(await records.findOne({ cmlLabId: operators })).toMatchObject({ status: 'ORPHANED' });
      expect(
        lcm.spy.of(LabEventTypes.orphanDetected).filter((e) => e.data['cmlLabId'] === operators),
      ).toHaveLength(1);
    } finally {
      operator.close();
    }
  }, 180_000);

  it('stops a session READY on a lab that no longer exists, with LAB_LOST, and frees what the lab held', async () => {
    const ready = await readySession();
    const before = await labRecord(ready.labRecordId);
    const cmlLabId = before?.['cmlLabId'] as string;
    const username = (before?.['user'] as { username: string }).username;
    const simulator = await cmlOf(ready.workerId);
    const operator = operatorOn(simulator);
    try {
      const restart = await whileDown('lab-manager', async () => {
        await operator.stopLab(cmlLabId);
        await operator.wipeLab(cmlLabId);
        await operator.deleteLab(cmlLabId);
      });

      const failed = await eventAfter('labFailedEvent', restart, LabEventTypes.failed, (e) => {
        return e.data['sessionId'] === ready.id;
      });
      expect(failed.data).toMatchObject({
        labRecordId: ready.labRecordId,
        workerId: ready.workerId,
        reason: `LAB_VANISHED: lab ${cmlLabId} is gone from worker ${ready.workerId}`,
      });
      const stopping = await eventAfter('sessionStopping', restart, SessionEventTypes.stopping, (e) => {
        return e.data['sessionId'] === ready.id;
      });
      expect(stopping.data['reason']).toBe(`LAB_LOST: ${failed.data['reason']}`);
      await eventAfter('sessionStopped', restart, SessionEventTypes.stopped, (e) => {
        return e.data['sessionId'] === ready.id;
      });
      expect(await session(ready.id)).toMatchObject({
        status: 'STOPPED',
        terminationReason: `LAB_LOST: ${failed.data['reason']}`,
      });

      // The record shows the truth, holds no port, and the session's CML user is gone with its lab.
      expect(await labRecord(ready.labRecordId)).toMatchObject({
        status: 'DELETED',
        boundSessionId: null,
        user: null,
      });
      const ledger = await lcm
        .service('lab-manager')
        .db.collection('worker_port_allocations')
        .findOne({ _id: ready.workerId as never });
      expect(Object.keys((ledger?.['owners'] ?? {}) as object)).not.toContain(ready.labRecordId);
      expect(simulator.control.state().users.map((user) => user.username)).not.toContain(username);
    } finally {
      operator.close();
    }
  }, 180_000);

  it('moves a worker recorded RUNNING that EC2 says is stopped to STOPPED, stops its sessions, and starts it again', async () => {
    const ready = await readySession();
    const instanceId = (await workerRecord(ready.workerId))?.['ec2InstanceId'] as string;
    const restart = await whileDown('worker-manager', async () => {
      // StopInstances straight on EC2, as someone in the AWS console would.
      const answer = await fetch(lcm.ec2.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          Action: 'StopInstances',
          Version: '2016-11-15',
          'InstanceId.1': instanceId,
        }),
      });
      expect(answer.status).toBe(200);
      await eventually(
        async () => ((await lcm.ec2.instance(instanceId))?.state === 'stopped' ? true : undefined),
        30_000,
        'EC2 reports the instance stopped',
      );
      // The stopped machine's CML goes with it.
      const simulator = lcm.cml.get(instanceId);
      if (simulator) {
        stoppedCml.push(simulator);
        await simulator.close();
      }
    });

    const stopped = await eventAfter('workerStopped', restart, WorkerEventTypes.statusChanged, (e) => {
      return e.data['workerId'] === ready.workerId && e.data['newStatus'] === 'STOPPED';
    });
    expect(stopped.data).toMatchObject({ oldStatus: 'RUNNING', reason: 'EC2_STATE' });
    const stopping = await eventAfter(
      'sessionStoppingWorkerLost',
      restart,
      SessionEventTypes.stopping,
      (e) => {
        return e.data['sessionId'] === ready.id;
      },
    );
    expect(stopping.data['reason']).toBe('WORKER_LOST');
    await eventAfter('sessionStoppedWorkerLost', restart, SessionEventTypes.stopped, (e) => {
      return e.data['sessionId'] === ready.id;
    });
    expect(await session(ready.id)).toMatchObject({ status: 'STOPPED', terminationReason: 'WORKER_LOST' });

    // Its desired status is still RUNNING: worker-manager starts it again, and it serves a new session.
    await eventually(
      async () => ((await workerRecord(ready.workerId))?.['status'] === 'RUNNING' ? true : undefined),
      60_000,
      () => `worker ${ready.workerId} RUNNING again; logs:\n${lcm.logs(30)}`,
    );
    figures['workerRunningAgain'] = Date.now() - restart.upAt;
    const again = await readySession();
    expect(again.workerId).toBe(ready.workerId);
  }, 180_000);
});

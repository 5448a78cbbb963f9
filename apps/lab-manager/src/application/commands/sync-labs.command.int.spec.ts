import { randomUUID } from 'node:crypto';
import {
  LabEventTypes,
  LabFailedSchema,
  LabOrphanDetectedSchema,
  LabStateChangedSchema,
  SessionEventTypes,
  WorkerEventTypes,
} from '@lcm/contracts';
import { CmlClient } from '@lcm/cml-client';
import { type CmlSimulator, buildTopology, startCmlSimulator } from '@lcm/cml-simulator';
import { aDefinitionBody, aSessionSnapshot, aWorkerSnapshot } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { GetLabRecordsQuery } from '../queries/get-lab-records.query';
import type { LabRecordDto } from '../dtos/lab-record.dto';
import { labTitle } from '../../domain/entities/lab-title';
import { CML_LABS_PROVIDER, type CmlLabsProvider } from '../../domain/services/cml-labs';
import { commandForLabWork } from '../jobs/command-for-lab-work';
import { PortAllocator } from '../services/port-allocator';
import { CreateLabletDefinitionCommand } from './create-lablet-definition.command';
import { SyncLabsCommand } from './sync-labs.command';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('SyncLabsCommand', () => {
  let cml: CmlSimulator;
  let direct: CmlClient;
  let lab: LabManagerHarness;

  const records = async (): Promise<LabRecordDto[]> => {
    const result = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    return result.ok ? result.value : [];
  };
  const sync = async () => {
    const result = await lab.mediator.execute(new SyncLabsCommand());
    if (!result.ok) throw new Error(result.problem.detail);
    return result.value;
  };
  const aSessionLab = async () => {
    const created = await lab.mediator.execute(new CreateLabletDefinitionCommand(aDefinitionBody(), 'm'));
    const definitionId = created.ok ? created.value.id : '';
    await lab.receive(
      SessionEventTypes.scheduled,
      aSessionSnapshot({ sessionId: 's-1', workerId: WORKER, definitionId }),
    );
    await lab.drain();
    return (await records())[0] as LabRecordDto;
  };

  beforeEach(async () => {
    cml = await startCmlSimulator({ nodeBootDelayMs: 30 });
    direct = new CmlClient({ baseUrl: cml.url, credentials: { username: 'admin', password: 'admin' } });
    lab = createLabManagerHarness({ ORPHAN_CLEANUP: 'true', ORPHAN_GRACE_MINUTES: '30' });
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
  });

  afterEach(async () => {
    direct.close();
    lab.close();
    await cml.close();
  });

  it('queues again the step a record waits for, as its job may be gone with Redis', async () => {
    lab.close();
    lab = createLabManagerHarness({}, { runJobs: false });
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
    const { id } = await aSessionLab();
    expect(lab.queued).toEqual([{ job: 'lab-import', labRecordId: id }]);

    expect((await sync()).stepsRequeued).toBe(1);

    expect(lab.queued).toEqual([
      { job: 'lab-import', labRecordId: id },
      { job: 'lab-import', labRecordId: id },
    ]);
    await lab.mediator.execute(commandForLabWork({ job: 'lab-import', labRecordId: id }));
    expect((await records())[0]?.status).toBe('IMPORTED');
    expect((await sync()).stepsRequeued).toBe(0);
  });

  it('records a lab created directly on CML as ORPHANED, once, with lab.orphan-detected', async () => {
    const { id } = await direct.importTopology(buildTopology({ title: 'hand-made' }), { title: 'hand-made' });

    const first = await sync();
    await sync();

    const [orphan] = await records();
    expect(first.orphansDetected).toBe(1);
    expect(orphan).toMatchObject({
      status: 'ORPHANED',
      cmlLabId: id,
      title: 'hand-made',
      definitionId: null,
    });
    const events = lab.published(LabEventTypes.orphanDetected);
    expect(events).toHaveLength(1);
    expect(LabOrphanDetectedSchema.strict().parse(events[0]?.data)).toEqual({
      labRecordId: orphan?.id,
      workerId: WORKER,
      cmlLabId: id,
      title: 'hand-made',
    });
  });

  it("deletes an orphan titled by LCM after the grace period when ORPHAN_CLEANUP is on, and keeps an operator's lab", async () => {
    const leaked = labTitle('two-router-basics', '1.0.0', randomUUID());
    await direct.importTopology(buildTopology({ title: leaked }), { title: leaked });
    const { id: operators } = await direct.importTopology(buildTopology({ title: 'hand-made' }), {
      title: 'hand-made',
    });
    expect((await sync()).orphansDetected).toBe(2);

    lab.clock.advance(29 * 60_000);
    expect((await sync()).orphansDeleted).toBe(0);
    lab.clock.advance(2 * 60_000);
    expect((await sync()).orphansDeleted).toBe(1);
    lab.clock.advance(60 * 60_000);
    expect((await sync()).orphansDeleted).toBe(0);

    expect(cml.control.state().labs.map((l) => l.id)).toEqual([operators]);
    const byTitle = Object.fromEntries((await records()).map((r) => [r.title, r.status]));
    expect(byTitle).toEqual({ [leaked]: 'DELETED', 'hand-made': 'ORPHANED' });
  });

  it('emits lab.state-changed when CML reports a new state for a known lab', async () => {
    const record = await aSessionLab();
    await direct.startLab(record.cmlLabId as string);

    const report = await sync();

    expect(report.stateChanges).toBe(1);
    expect((await records())[0]?.cmlState).toBe('STARTED');
    const [changed] = lab.published(LabEventTypes.stateChanged);
    expect(LabStateChangedSchema.strict().parse(changed?.data)).toEqual({
      labRecordId: record.id,
      workerId: WORKER,
      cmlLabId: record.cmlLabId,
      oldState: 'DEFINED_ON_CORE',
      newState: 'STARTED',
    });
  });

  it('marks a record whose lab vanished from CML as DELETED, frees its ports and tells its session', async () => {
    const record = await aSessionLab();
    await direct.deleteLab(record.cmlLabId as string);

    expect((await sync()).vanished).toBe(1);
    expect((await records())[0]?.status).toBe('DELETED');
    expect(Object.keys((await lab.portLedgers.get(WORKER))?.state.owners ?? {})).toEqual([]);
    expect(lab.published(LabEventTypes.orphanDetected)).toEqual([]);
    const failed = lab.published(LabEventTypes.failed);
    expect(failed.map((event) => LabFailedSchema.strict().parse(event.data))).toEqual([
      {
        sessionId: 's-1',
        labRecordId: record.id,
        workerId: WORKER,
        reason: `LAB_VANISHED: lab ${record.cmlLabId} is gone from worker ${WORKER}`,
      },
    ]);
    expect((await sync()).vanished).toBe(0);
    expect(lab.published(LabEventTypes.failed)).toHaveLength(1);

    // The session stops: its release has nothing left to clean and unbinds it at once.
    await lab.receive(
      SessionEventTypes.stopping,
      aSessionSnapshot(
        { sessionId: 's-1', workerId: WORKER, definitionId: record.definitionId as string },
        'STOPPING',
      ),
    );
    await lab.drain();
    expect(lab.published(LabEventTypes.released).map((event) => event.data['sessionId'])).toEqual(['s-1']);
    expect((await records())[0]).toMatchObject({ status: 'DELETED', boundSessionId: null });
  });

  it('frees, after 10 minutes, ports whose lab record was never saved (a crash between the two writes)', async () => {
    const record = await aSessionLab();
    const ports = lab.container.get(PortAllocator, { autobind: true });
    const held = await ports.allocate(WORKER, 'record-lost-in-a-crash', ['PORT_SERIAL_1', 'PORT_VNC_1']);
    expect(held.ok).toBe(true);
    const owners = async () => {
      const ledgers = lab.portLedgers;
      return Object.keys((await ledgers.get(WORKER))?.state.owners ?? {}).sort();
    };

    lab.clock.advance(9 * 60_000);
    expect((await sync()).portsReclaimed).toBe(0);
    lab.clock.advance(2 * 60_000);
    expect((await sync()).portsReclaimed).toBe(1);
    expect(await owners()).toEqual([record.id]);
    expect((await sync()).portsReclaimed).toBe(0);
  });

  it('deletes a lab carrying the title of a failed import (created by CML after LCM gave up) instead of orphaning it', async () => {
    cml.control.injectFault({
      fault: { type: 'status', status: 500 },
      times: 'always',
      method: 'POST',
      pathPattern: '^/import$',
    });
    const failed = await aSessionLab();
    cml.control.clearFaults();
    await direct.importTopology(buildTopology(), { title: failed.title });

    const report = await sync();

    expect(failed.status).toBe('FAILED');
    expect(report).toMatchObject({ halfImportedRemoved: 1, orphansDetected: 0 });
    expect(cml.control.state().labs).toEqual([]);
  });

  describe('while another replica imports a lab', () => {
    let racing: LabManagerHarness;

    /** Runs `work` once when the sync lists CML: `before` or `after` CML answers the listing. */
    const duringListing = (when: 'before' | 'after', work: () => Promise<unknown>) => {
      const pool = racing.container.get<CmlLabsProvider>(CML_LABS_PROVIDER);
      let done = false;
      const once = async () => {
        if (done) return;
        done = true;
        await work();
      };
      racing.container.rebind(CML_LABS_PROVIDER).toConstantValue({
        forEndpoint: (endpoint: string) => {
          const labs = pool.forEndpoint(endpoint);
          const listLabs = async () => {
            if (when === 'before') await once();
            const listed = await labs.listLabs();
            if (when === 'after') await once();
            return listed;
          };
          return new Proxy(labs, {
            get: (target, key, receiver) =>
              key === 'listLabs' ? listLabs : Reflect.get(target, key, receiver),
          });
        },
      });
    };
    const reserve = async (sessionId: string) => {
      await racing.receive(
        SessionEventTypes.scheduled,
        aSessionSnapshot({ sessionId, workerId: WORKER, definitionId: definition }),
      );
    };
    const importQueued = () =>
      Promise.all(racing.queued.splice(0).map((work) => racing.mediator.execute(commandForLabWork(work))));
    const racingSync = async () => {
      const result = await racing.mediator.execute(new SyncLabsCommand());
      if (!result.ok) throw new Error(result.problem.detail);
      return result.value;
    };
    const racingRecords = async () => {
      const result = await racing.mediator.execute(new GetLabRecordsQuery(WORKER));
      return result.ok ? result.value : [];
    };
    let definition: string;

    beforeEach(async () => {
      racing = createLabManagerHarness({}, { runJobs: false });
      await racing.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
      const created = await racing.mediator.execute(
        new CreateLabletDefinitionCommand(aDefinitionBody(), 'm'),
      );
      definition = created.ok ? created.value.id : '';
    });

    afterEach(() => racing.close());

    it('keeps a record whose import finished after CML listed its labs, instead of calling its lab vanished', async () => {
      await reserve('s-1');
      duringListing('after', importQueued);

      const report = await racingSync();

      expect(report).toMatchObject({ vanished: 0, orphansDetected: 0 });
      expect(await racingRecords()).toEqual([
        expect.objectContaining({ status: 'IMPORTED', boundSessionId: 's-1' }),
      ]);
      expect(racing.published(LabEventTypes.orphanDetected)).toEqual([]);
    });

    it('does not take the lab of a record reserved and imported while the sync ran for an orphan', async () => {
      duringListing('before', async () => {
        await reserve('s-2');
        await importQueued();
      });

      const report = await racingSync();

      expect(report).toMatchObject({ vanished: 0, orphansDetected: 0 });
      expect((await racingRecords()).map((r) => r.status)).toEqual(['IMPORTED']);
      expect(racing.published(LabEventTypes.orphanDetected)).toEqual([]);
    });
  });

  it('skips a worker whose CML does not answer and still reports the others', async () => {
    await lab.receive(
      WorkerEventTypes.statusChanged,
      aWorkerSnapshot('0b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a12', 'http://127.0.0.1:9'),
    );

    const report = await sync();

    expect(report.workers).toBe(2);
    expect(report.unreachable).toEqual(['0b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a12']);
  });

  it('ignores workers that are not RUNNING', async () => {
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, null, 'STOPPED'));
    expect((await sync()).workers).toBe(0);
  });
});

import {
  LabEventTypes,
  LabFailedSchema,
  LabReadySchema,
  LabReleasedSchema,
  SessionEventTypes,
  WorkerEventTypes,
} from '@lcm/contracts';
import { type CmlSimulator, startCmlSimulator } from '@lcm/cml-simulator';
import { stringify } from 'yaml';
import { aDefinitionBody, aSessionSnapshot, aWorkerSnapshot } from '../../testing/builders';
import { type LabManagerHarness, createLabManagerHarness } from '../../testing/lab-manager-harness';
import { pollUntil } from '../../testing/poll-until';
import { CmlClientLabs } from '../../integration/services/cml-client-labs';
import { CreateLabletDefinitionCommand } from '../commands/create-lablet-definition.command';
import { GetLabRecordCredentialsQuery } from '../queries/get-lab-record-credentials.query';
import { GetLabRecordsQuery } from '../queries/get-lab-records.query';
import type { LabRecordDto } from '../dtos/lab-record.dto';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('the session lab flow against a CML simulator', () => {
  let cml: CmlSimulator;
  let lab: LabManagerHarness;
  let definitionId: string;

  /** Makes the CML simulator answer `status` to `method` on paths matching `pathPattern`, always or `times` times. */
  const failCml = (
    status: number,
    method: string,
    pathPattern: string,
    times: number | 'always' = 'always',
  ) => cml.control.injectFault({ fault: { type: 'status', status }, times, method, pathPattern });

  const session = (sessionId: string) => aSessionSnapshot({ sessionId, workerId: WORKER, definitionId });
  const send = async (type: string, sessionId: string) => {
    await lab.receive(type, session(sessionId));
    await lab.drain();
  };
  const recordOf = async (sessionId: string): Promise<LabRecordDto> => {
    const all = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    const records = all.ok ? all.value : [];
    return (records.find((r) => r.boundSessionId === sessionId) ??
      records.find((r) => r.runHistory.some((run) => run.sessionId === sessionId))) as LabRecordDto;
  };

  beforeEach(async () => {
    cml = await startCmlSimulator({ nodeBootDelayMs: 60 });
    lab = createLabManagerHarness({
      LAB_OPERATION_ATTEMPTS: '2',
      PORT_RANGE_START: '3000',
      PORT_RANGE_END: '3999',
    });
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
    const created = await lab.mediator.execute(
      new CreateLabletDefinitionCommand(aDefinitionBody(), 'manager-1'),
    );
    if (!created.ok) throw new Error(created.problem.detail);
    definitionId = created.value.id;
  });

  afterEach(async () => {
    lab.close();
    await cml.close();
  });

  it('on scheduled allocates ports and imports the topology with every placeholder replaced', async () => {
    await send(SessionEventTypes.scheduled, 's-1');

    const record = await recordOf('s-1');
    expect(record.status).toBe('IMPORTED');
    expect(record.allocatedPorts).toEqual({ PORT_SERIAL_1: 3000, PORT_SERIAL_2: 3001 });
    const [imported] = cml.control.state().labs;
    expect(imported?.id).toBe(record.cmlLabId);
    const text = stringify(imported?.topology);
    expect(text).toContain('on 3000');
    expect(text).toContain('on 3001');
    expect(text).not.toContain('${PORT_');
  });

  it('gives a session placed again on another worker a lab there, and releases its lab on the first', async () => {
    const other = '0d6c1f8e-3b2a-4e5f-8a9b-1c2d3e4f5a6b';
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(other, cml.url));
    await send(SessionEventTypes.scheduled, 's-1');
    await lab.receive(SessionEventTypes.requeued, {
      ...session('s-1'),
      status: 'PENDING',
      reason: 'WORKER_LOST',
    });
    await lab.drain();
    await lab.receive(SessionEventTypes.scheduled, { ...session('s-1'), workerId: other });
    await lab.drain();

    const on = async (workerId: string) => {
      const records = await lab.mediator.execute(new GetLabRecordsQuery(workerId));
      return (records.ok ? records.value : []).filter((r) => r.boundSessionId === 's-1');
    };
    expect(await on(WORKER)).toEqual([]);
    expect(await on(other)).toEqual([expect.objectContaining({ status: 'IMPORTED', workerId: other })]);
  });

  it('on instantiating creates a CML user with lab_exec, starts the lab and emits lab.ready without the password', async () => {
    await send(SessionEventTypes.scheduled, 's-1');
    await send(SessionEventTypes.instantiating, 's-1');

    const record = await recordOf('s-1');
    const state = cml.control.state();
    expect(record.status).toBe('STARTED');
    expect(state.labs[0]?.state).toBe('STARTED');
    expect(state.labs[0]?.converged).toBe(true);
    const user = state.users.find((u) => u.username === record.cmlUsername);
    expect(user?.admin).toBe(false);
    expect(state.associations).toContainEqual(
      expect.objectContaining({
        labId: record.cmlLabId,
        userId: user?.id,
        permissions: expect.arrayContaining(['lab_exec']),
      }),
    );
    const [ready] = lab.published(LabEventTypes.ready);
    expect(LabReadySchema.strict().parse(ready?.data)).toEqual({
      sessionId: 's-1',
      labRecordId: record.id,
      workerId: WORKER,
      cmlLabId: record.cmlLabId,
      accessUrl: cml.url,
      username: record.cmlUsername,
      ports: { PORT_SERIAL_1: 3000, PORT_SERIAL_2: 3001 },
    });
    const credentials = await lab.mediator.execute(new GetLabRecordCredentialsQuery(record.id));
    const password = credentials.ok ? credentials.value.password : 'missing';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(lab.published())).not.toContain(password);
    expect(JSON.stringify(record)).not.toContain(password);
    const stored = await lab.records.get(record.id);
    expect(JSON.stringify(stored?.state)).not.toContain(password);
  });

  it('starts the lab when instantiating arrives while the import is still running', async () => {
    await lab.receive(SessionEventTypes.scheduled, session('s-1'));
    await lab.receive(SessionEventTypes.instantiating, session('s-1'));
    await lab.drain();

    expect((await recordOf('s-1')).status).toBe('STARTED');
    expect(lab.published(LabEventTypes.ready)).toHaveLength(1);
  });

  it('refuses instantiating or stopping that overtook scheduled, so the sender delivers them again', async () => {
    await expect(lab.receive(SessionEventTypes.instantiating, session('s-1'))).rejects.toThrow(
      /refused with 404 for now \(lab record of session s-1 was not found\); to be redelivered/,
    );
    await expect(lab.receive(SessionEventTypes.stopping, session('s-1'))).rejects.toThrow(
      /to be redelivered/,
    );
    // A session never placed has no lab to wait for: nothing to redeliver.
    await lab.receive(SessionEventTypes.cancelled, { ...session('s-2'), workerId: null });

    await send(SessionEventTypes.scheduled, 's-1');
    await send(SessionEventTypes.instantiating, 's-1'); // the redelivery
    expect((await recordOf('s-1')).status).toBe('STARTED');
    expect(lab.published(LabEventTypes.ready)).toHaveLength(1);
  });

  it('releases a lab whose session stops while it is still starting; the start steps back, never failing it', async () => {
    // A lab slower to boot than the converge timeout: the start would time out after the release.
    lab.close();
    await cml.close();
    cml = await startCmlSimulator({ nodeBootDelayMs: 3000 });
    lab = createLabManagerHarness({
      LAB_OPERATION_ATTEMPTS: '1',
      LAB_CONVERGE_TIMEOUT_SECONDS: '1',
      LAB_CONVERGE_POLL_MS: '50',
      PORT_RANGE_START: '3000',
      PORT_RANGE_END: '3999',
    });
    await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
    const created = await lab.mediator.execute(new CreateLabletDefinitionCommand(aDefinitionBody(), 'm'));
    definitionId = created.ok ? created.value.id : '';
    await send(SessionEventTypes.scheduled, 's-1');
    await lab.receive(SessionEventTypes.instantiating, session('s-1'));
    await pollUntil(
      () => recordOf('s-1'),
      (record) => record.status === 'STARTING',
      5_000,
    );

    await send(SessionEventTypes.stopping, 's-1');

    const all = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    const [record] = all.ok ? all.value : [];
    expect(record).toMatchObject({ status: 'WIPED', boundSessionId: null, lastError: null });
    expect(lab.published(LabEventTypes.released)).toHaveLength(1);
    expect(lab.published(LabEventTypes.ready)).toEqual([]);
    expect(lab.published(LabEventTypes.failed)).toEqual([]);
    // The wiped lab serves the next session.
    await send(SessionEventTypes.scheduled, 's-2');
    expect((await recordOf('s-2')).id).toBe(record?.id);
  });

  it('on stopping wipes the lab, removes the CML user and emits lab.released', async () => {
    await send(SessionEventTypes.scheduled, 's-1');
    await send(SessionEventTypes.instantiating, 's-1');
    const username = (await recordOf('s-1')).cmlUsername;
    lab.clock.advance(30 * 60_000);
    await send(SessionEventTypes.stopping, 's-1');

    const record = await recordOf('s-1');
    const state = cml.control.state();
    expect(record.status).toBe('WIPED');
    expect(record.boundSessionId).toBeNull();
    expect(state.labs[0]?.state).toBe('DEFINED_ON_CORE');
    expect(state.users.map((u) => u.username)).not.toContain(username);
    expect(record.runHistory).toEqual([
      expect.objectContaining({
        sessionId: 's-1',
        startedAt: '2026-03-02T09:00:00.000Z',
        stoppedAt: '2026-03-02T09:30:00.000Z',
        finalState: 'WIPED',
        stopReason: 'SESSION_STOPPING',
      }),
    ]);
    const [released] = lab.published(LabEventTypes.released);
    expect(LabReleasedSchema.strict().parse(released?.data)).toEqual({
      sessionId: 's-1',
      labRecordId: record.id,
      workerId: WORKER,
    });
  });

  it('gives the next session of the same definition the wiped lab with identical ports, importing once', async () => {
    await send(SessionEventTypes.scheduled, 's-1');
    await send(SessionEventTypes.instantiating, 's-1');
    await send(SessionEventTypes.stopping, 's-1');
    const first = await recordOf('s-1');

    await send(SessionEventTypes.scheduled, 's-2');
    await send(SessionEventTypes.instantiating, 's-2');
    const second = await recordOf('s-2');

    expect(second.id).toBe(first.id);
    expect(second.cmlLabId).toBe(first.cmlLabId);
    expect(second.allocatedPorts).toEqual(first.allocatedPorts);
    expect(second.status).toBe('STARTED');
    expect(cml.control.state().labs).toHaveLength(1);
    expect(cml.control.exchanges().filter((x) => x.method === 'POST' && x.path === '/import')).toHaveLength(
      1,
    );
  });

  it('binds one wiped lab when the same placement is handled twice at once, and leaves the other free', async () => {
    for (const sessionId of ['s-1', 's-2']) await send(SessionEventTypes.scheduled, sessionId);
    for (const sessionId of ['s-1', 's-2']) await send(SessionEventTypes.instantiating, sessionId);
    for (const sessionId of ['s-1', 's-2']) await send(SessionEventTypes.stopping, sessionId);

    await Promise.all([
      lab.receive(SessionEventTypes.scheduled, session('s-3')),
      lab.receive(SessionEventTypes.scheduled, session('s-3')),
    ]);
    await lab.drain();

    const all = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    const records = all.ok ? all.value : [];
    expect(records).toHaveLength(2);
    expect(records.filter((r) => r.boundSessionId === 's-3')).toHaveLength(1);
    expect(records.filter((r) => r.status === 'WIPED' && r.boundSessionId === null)).toHaveLength(1);
  });

  it('reserves nothing for a placement delivered again after its session released the lab', async () => {
    await send(SessionEventTypes.scheduled, 's-1');
    const reserved = await recordOf('s-1');
    await send(SessionEventTypes.stopping, 's-1');

    await send(SessionEventTypes.scheduled, 's-1');

    const all = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    expect(all.ok && all.value.map((r) => [r.id, r.status, r.boundSessionId])).toEqual([
      [reserved.id, 'WIPED', null],
    ]);
    expect(cml.control.state().labs).toHaveLength(1);
  });

  it('ends a CML failure on import in lab.failed, with no lab left on CML and the ports freed', async () => {
    failCml(500, 'POST', '^/import$');

    await send(SessionEventTypes.scheduled, 's-1');

    const record = await recordOf('s-1');
    expect(record.status).toBe('FAILED');
    expect(cml.control.state().labs).toEqual([]);
    expect(cml.control.exchanges().filter((x) => x.path === '/import')).toHaveLength(2);
    const [failed] = lab.published(LabEventTypes.failed);
    expect(LabFailedSchema.strict().parse(failed?.data)).toMatchObject({
      sessionId: 's-1',
      labRecordId: record.id,
      workerId: WORKER,
    });
    expect((failed?.data as { reason: string }).reason).toContain('import failed');
    cml.control.clearFaults();
    await send(SessionEventTypes.scheduled, 's-2');
    expect((await recordOf('s-2')).allocatedPorts).toEqual({ PORT_SERIAL_1: 3000, PORT_SERIAL_2: 3001 });
  });

  it('removes the lab of an import that failed half-way (CML kept failing after creating it) and emits lab.failed', async () => {
    failCml(503, 'GET', '^/labs/[^/]+$');

    await send(SessionEventTypes.scheduled, 's-1');

    const imports = cml.control.exchanges().filter((x) => x.method === 'POST' && x.path === '/import');
    expect(imports.map((x) => x.status)).toEqual([200, 200]);
    expect(cml.control.state().labs).toEqual([]);
    expect((await recordOf('s-1')).status).toBe('FAILED');
    expect(lab.published(LabEventTypes.failed)[0]?.data).toMatchObject({ sessionId: 's-1' });
  });

  it('retries an import that failed half-way once and keeps only the second lab', async () => {
    failCml(503, 'GET', '^/labs/[^/]+$', 3);

    await send(SessionEventTypes.scheduled, 's-1');

    const record = await recordOf('s-1');
    expect(record.status).toBe('IMPORTED');
    expect(cml.control.state().labs.map((l) => l.id)).toEqual([record.cmlLabId]);
    expect(lab.published(LabEventTypes.failed)).toEqual([]);
  });

  describe('when CML creates the session user but its answer is lost', () => {
    const sessionUsers = () => cml.control.state().users.filter((u) => u.username.startsWith('lcm-'));
    beforeEach(() => {
      const create = CmlClientLabs.prototype.createUser;
      jest.spyOn(CmlClientLabs.prototype, 'createUser').mockImplementationOnce(async function (
        this: CmlClientLabs,
        username: string,
        password: string,
      ) {
        await create.call(this, username, password);
        throw new Error('POST /users: socket hang up');
      });
    });
    afterEach(() => jest.restoreAllMocks());

    it('the next try takes that user over instead of creating a second one', async () => {
      await send(SessionEventTypes.scheduled, 's-1');
      await send(SessionEventTypes.instantiating, 's-1');

      const record = await recordOf('s-1');
      expect(record.status).toBe('STARTED');
      expect(sessionUsers().map((u) => u.username)).toEqual([record.cmlUsername]);
      const credentials = await lab.mediator.execute(new GetLabRecordCredentialsQuery(record.id));
      expect(credentials.ok).toBe(true);
    });

    it('a start that gives up after it removes that user too', async () => {
      lab.close();
      lab = createLabManagerHarness({ LAB_OPERATION_ATTEMPTS: '1' });
      await lab.receive(WorkerEventTypes.statusChanged, aWorkerSnapshot(WORKER, cml.url));
      const created = await lab.mediator.execute(new CreateLabletDefinitionCommand(aDefinitionBody(), 'm'));
      definitionId = created.ok ? created.value.id : '';
      await send(SessionEventTypes.scheduled, 's-1');
      await send(SessionEventTypes.instantiating, 's-1');

      expect((await recordOf('s-1')).status).toBe('FAILED');
      expect(sessionUsers()).toEqual([]);
    });
  });

  it('gives back the lab of a session cancelled before instantiation, wiped and ready for reuse', async () => {
    await send(SessionEventTypes.scheduled, 's-1');
    await send(SessionEventTypes.cancelled, 's-1');

    const listed = await lab.mediator.execute(new GetLabRecordsQuery(WORKER));
    const [record] = listed.ok ? listed.value : [];
    expect(record?.status).toBe('WIPED');
    expect(record?.boundSessionId).toBeNull();
    expect(lab.published(LabEventTypes.released)).toHaveLength(1);
    expect(cml.control.state().labs[0]?.state).toBe('DEFINED_ON_CORE');
  });

  it('ignores a session event with bad data instead of failing forever', async () => {
    await expect(lab.receive(SessionEventTypes.scheduled, { sessionId: 's-1' })).resolves.toBeUndefined();
    expect((await lab.mediator.execute(new GetLabRecordsQuery())).ok).toBe(true);
  });

  it('emits lab.failed for a session of an unknown definition', async () => {
    await lab.receive(
      SessionEventTypes.scheduled,
      aSessionSnapshot({ sessionId: 's-9', workerId: WORKER, definitionId: 'nope', definitionName: 'nope' }),
    );
    expect(lab.published(LabEventTypes.failed)[0]?.data).toMatchObject({ sessionId: 's-9' });
  });
});

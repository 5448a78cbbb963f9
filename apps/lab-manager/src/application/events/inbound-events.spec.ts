import { SessionEventTypes, WorkerEventTypes } from '@lcm/contracts';
import { aSessionSnapshot, aWorkerSnapshot } from '../../testing/builders';
import { createLabManagerHarness } from '../../testing/lab-manager-harness';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('LabManagerInboundEvents', () => {
  it('subscribes to the session events that move a lab and the worker events that carry an endpoint', () => {
    const lab = createLabManagerHarness();
    expect(lab.mediator.integrationEventTypes().sort()).toEqual(
      [
        SessionEventTypes.scheduled,
        SessionEventTypes.instantiating,
        SessionEventTypes.stopping,
        SessionEventTypes.cancelled,
        SessionEventTypes.failed,
        WorkerEventTypes.created,
        WorkerEventTypes.statusChanged,
        WorkerEventTypes.endpointChanged,
        WorkerEventTypes.draining,
        WorkerEventTypes.drainCancelled,
        WorkerEventTypes.terminated,
      ].sort(),
    );
    lab.close();
  });

  it('acknowledges a scheduled session without a workerId, reserving nothing', async () => {
    const lab = createLabManagerHarness();
    await expect(
      lab.receive(SessionEventTypes.scheduled, {
        ...aSessionSnapshot({ sessionId: 's-1', workerId: WORKER, definitionId: 'd-1' }),
        workerId: null,
      }),
    ).resolves.toBeUndefined();
    expect(await lab.records.count()).toBe(0);
    expect(lab.queued).toEqual([]);
    lab.close();
  });
});

describe('worker read model from io.lcm.worker.* events', () => {
  it('follows a worker from created to RUNNING with an endpoint, and back to STOPPED', async () => {
    const lab = createLabManagerHarness();
    const workers = lab.knownWorkers;

    await lab.receive(
      WorkerEventTypes.created,
      { ...aWorkerSnapshot(WORKER, null, 'PENDING'), name: 'w', instanceType: 't3.small' },
      '2026-03-02T09:00:00Z',
    );
    await lab.receive(
      WorkerEventTypes.endpointChanged,
      { ...aWorkerSnapshot(WORKER, 'https://10.0.0.7'), publicIp: null, privateIp: '10.0.0.7' },
      '2026-03-02T09:10:00Z',
    );
    const running = await workers.get(WORKER);
    await lab.receive(
      WorkerEventTypes.statusChanged,
      aWorkerSnapshot(WORKER, null, 'STOPPED'),
      '2026-03-02T10:00:00Z',
    );
    const stopped = await workers.get(WORKER);

    expect(running?.state).toMatchObject({ status: 'RUNNING', httpsEndpoint: 'https://10.0.0.7' });
    expect(running?.reachable).toBe(true);
    expect(stopped?.state).toMatchObject({ status: 'STOPPED', httpsEndpoint: null });
    lab.close();
  });

  it('keeps the newer state when an older event arrives late', async () => {
    const lab = createLabManagerHarness();
    await lab.receive(
      WorkerEventTypes.statusChanged,
      aWorkerSnapshot(WORKER, 'https://10.0.0.7'),
      '2026-03-02T09:10:00Z',
    );
    await lab.receive(
      WorkerEventTypes.statusChanged,
      aWorkerSnapshot(WORKER, null, 'STARTING'),
      '2026-03-02T09:00:00Z',
    );

    const worker = await lab.knownWorkers.get(WORKER);
    expect(worker?.state.status).toBe('RUNNING');
    lab.close();
  });

  it('applies the newer of two first events of a new worker that arrive at once (two replicas), whichever saves first', async () => {
    const lab = createLabManagerHarness();
    await Promise.all([
      lab.receive(WorkerEventTypes.created, aWorkerSnapshot(WORKER, null, 'PENDING'), '2026-03-02T09:00:00Z'),
      lab.receive(
        WorkerEventTypes.statusChanged,
        aWorkerSnapshot(WORKER, 'https://10.0.0.7'),
        '2026-03-02T09:10:00Z',
      ),
    ]);

    const worker = await lab.knownWorkers.get(WORKER);
    expect(worker?.state).toMatchObject({ status: 'RUNNING', httpsEndpoint: 'https://10.0.0.7' });
    lab.close();
  });

  it('dates a worker event without time by the clock, so a later one without time still applies', async () => {
    const lab = createLabManagerHarness();
    const send = (data: unknown) =>
      lab.mediator.dispatchIntegrationEvent({
        id: `e-${lab.clock.now().getTime()}`,
        source: '/worker-manager',
        type: WorkerEventTypes.statusChanged,
        data,
      });
    await send(aWorkerSnapshot(WORKER, null, 'STARTING'));
    lab.clock.advance(60_000);
    await send(aWorkerSnapshot(WORKER, 'https://10.0.0.7'));

    const worker = await lab.knownWorkers.get(WORKER);
    expect(worker?.state).toMatchObject({ status: 'RUNNING', lastEventAt: '2026-03-02T09:01:00.000Z' });
    lab.close();
  });

  it('logs and drops an event whose data does not match the contract', async () => {
    const lab = createLabManagerHarness();
    await expect(
      lab.receive(WorkerEventTypes.statusChanged, { workerId: 'not-a-uuid' }),
    ).resolves.toBeUndefined();
    expect(await lab.knownWorkers.count()).toBe(0);
    lab.close();
  });
});

import { WorkerEventTypes } from '@lcm/contracts';
import {
  KNOWN_WORKER_REPOSITORY,
  type KnownWorkerRepository,
} from '../../domain/repositories/known-worker.repository';
import { aWorkerSnapshot } from '../../test-support/builders';
import { createLabManagerHarness } from '../../test-support/lab-manager-harness';

const WORKER = '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11';

describe('worker read model from io.lcm.worker.* events', () => {
  it('follows a worker from created to RUNNING with an endpoint, and back to STOPPED', async () => {
    const lab = createLabManagerHarness();
    const workers = lab.container.get<KnownWorkerRepository>(KNOWN_WORKER_REPOSITORY);

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

    const worker = await lab.container.get<KnownWorkerRepository>(KNOWN_WORKER_REPOSITORY).get(WORKER);
    expect(worker?.state.status).toBe('RUNNING');
    lab.close();
  });

  it('records both first events of a new worker that arrive at once (on two replicas)', async () => {
    const lab = createLabManagerHarness();
    await Promise.all([
      lab.receive(
        WorkerEventTypes.created,
        { ...aWorkerSnapshot(WORKER, null, 'PENDING'), name: 'w', instanceType: 't3.small' },
        '2026-03-02T09:00:00Z',
      ),
      lab.receive(
        WorkerEventTypes.statusChanged,
        aWorkerSnapshot(WORKER, null, 'PROVISIONING'),
        '2026-03-02T09:00:01Z',
      ),
    ]);

    const worker = await lab.container.get<KnownWorkerRepository>(KNOWN_WORKER_REPOSITORY).get(WORKER);
    expect(worker?.state.status).toBe('PROVISIONING');
    lab.close();
  });

  it('logs and drops an event whose data does not match the contract', async () => {
    const lab = createLabManagerHarness();
    await expect(
      lab.receive(WorkerEventTypes.statusChanged, { workerId: 'not-a-uuid' }),
    ).resolves.toBeUndefined();
    expect(await lab.container.get<KnownWorkerRepository>(KNOWN_WORKER_REPOSITORY).count()).toBe(0);
    lab.close();
  });
});

import { WorkerEventTypes } from '@lcm/contracts';
import {
  CAPACITY_REQUEST_REPOSITORY,
  type CapacityRequestRepository,
} from '../../domain/repositories/capacity-request.repository';
import { capacityRequest } from '../../testing/cloud-events';
import { eventually } from '@lcm/neuro-core/testing';
import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

/** A session that needs a whole `small` worker (2 cores, 2 GB, 50 GB, 5 nodes). */
const wholeSmall = (sessionId: string) => ({
  sessionId,
  cpuCores: 2,
  memoryGb: 2,
  storageGb: 50,
  nodeCount: 5,
});

/** The sum of `demands`, as session-manager puts it at the top of the request. */
function burst(demands: ReturnType<typeof wholeSmall>[]) {
  const sum = (pick: (d: ReturnType<typeof wholeSmall>) => number) =>
    demands.reduce((s, d) => s + pick(d), 0);
  return {
    cpuCores: sum((d) => d.cpuCores),
    memoryGb: sum((d) => d.memoryGb),
    storageGb: sum((d) => d.storageGb),
    nodeCount: sum((d) => d.nodeCount),
    demands,
  };
}

describe('Burst capacity: a capacity request with demands (docs/operations.md#burst-capacity)', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { MAX_WORKERS: '8' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  const createdSince = (before: number) =>
    fleet.service
      .publishedEvents(WorkerEventTypes.created)
      .slice(before)
      .map((e) => e.data as { workerId: string; templateName: string });

  it('launches six small workers at once for six sessions that each need a whole small worker, once per request id', async () => {
    const before = fleet.service.publishedEvents(WorkerEventTypes.created).length;
    const six = [1, 2, 3, 4, 5, 6].map((n) => wholeSmall(`class-${n}`));
    // the sum (12 cores, 12 GB) fits no PERSONAL template; each session fits a small one
    const answers = await Promise.all(
      [1, 2].map(() => fleet.service.receive(capacityRequest('req-class', burst(six)))),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    await fleet.service.receive(capacityRequest('req-class', burst(six))).expect(202);
    const created = createdSince(before);
    expect(created.map((w) => w.templateName)).toEqual(Array(6).fill('small'));
    const record = await fleet.service.container
      .get<CapacityRequestRepository>(CAPACITY_REQUEST_REPOSITORY)
      .get('req-class');
    expect(record?.state).toMatchObject({ outcome: 'CREATED_WORKER', unplacedDemands: 0 });
    expect(record?.state.workerIds.sort()).toEqual(created.map((w) => w.workerId).sort());

    // launched by their own reconcile jobs, without waiting for a fleet pass
    const ids = new Set(created.map((w) => w.workerId));
    const launched = await eventually(
      async () => {
        const tagged = (await fleet.ec2.instances()).filter((i) => ids.has(i.tags['lcm:worker-id'] ?? ''));
        return tagged.length >= 6 && tagged;
      },
      20_000,
      'an instance for each of the six workers',
    );
    expect(new Set(launched.map((i) => i.tags['lcm:worker-id'])).size).toBe(6);
    expect(launched).toHaveLength(6);
    for (const { workerId } of created) await fleet.reconcileUntil(workerId, 'RUNNING');
  });

  it('creates what MAX_WORKERS still allows and records the demands left over', async () => {
    const live = (
      await fleet.service.http.get('/api/workers').set('Authorization', fleet.service.token('admin'))
    ).body.length;
    const before = fleet.service.publishedEvents(WorkerEventTypes.created).length;
    const five = [1, 2, 3, 4, 5].map((n) => wholeSmall(`late-${n}`));
    await fleet.service.receive(capacityRequest('req-late', burst(five))).expect(202);
    expect(createdSince(before)).toHaveLength(8 - live);
    const record = await fleet.service.container
      .get<CapacityRequestRepository>(CAPACITY_REQUEST_REPOSITORY)
      .get('req-late');
    expect(record?.state).toMatchObject({ outcome: 'CREATED_WORKER', unplacedDemands: 5 - (8 - live) });
  });
});

describe('Burst capacity: requests that arrive while a worker launches', () => {
  let fleet: FleetHarness;

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { MAX_WORKERS: '8' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  /** A session that needs half a `small` worker (and more disk than a `micro` has). */
  const halfSmall = (sessionId: string) => ({
    sessionId,
    cpuCores: 1,
    memoryGb: 1,
    storageGb: 25,
    nodeCount: 2,
  });

  it('fills the room left on a worker still launching for an earlier request before creating another', async () => {
    const requests = fleet.service.container.get<CapacityRequestRepository>(CAPACITY_REQUEST_REPOSITORY);
    // Three sessions asked for one by one, as session-manager asks when the waiting set grows: the second
    // fits beside the first on the small worker being launched, the third does not.
    for (const n of [1, 2, 3]) {
      const one = halfSmall(`one-by-one-${n}`);
      await fleet.service.receive(capacityRequest(`req-one-${n}`, { ...one, demands: [one] })).expect(202);
    }
    const created = fleet.service
      .publishedEvents(WorkerEventTypes.created)
      .map((e) => e.data as { workerId: string });
    expect(created).toHaveLength(2);
    expect((await requests.get('req-one-2'))?.state).toMatchObject({
      outcome: 'COVERED_BY_LAUNCHING_WORKERS',
      workerIds: [],
      committed: { [created[0]!.workerId]: { cpuCores: 1, memoryGb: 1, storageGb: 25, nodeCount: 2 } },
    });
    expect((await requests.get('req-one-3'))?.state.outcome).toBe('CREATED_WORKER');
  });
});

import { CapacityEventTypes, CapacityRequestedSchema, WorkerEventTypes } from '@lcm/contracts';
import { at } from '../../testing/builders';
import {
  type SessionManagerFixture,
  defineLablet,
  reportWorker,
  startSessionManager,
} from '../../testing/service-fixture';
import type { LabletSessionDto } from '../dtos/lablet-session.dto';
import { AdvanceSessionTimersCommand } from './advance-session-timers.command';
import { PlaceSessionsCommand, type PlacementSummary } from './place-sessions.command';
import { RequestSessionCommand } from './request-session.command';

const MINUTE = 60_000;
/** The `small` worker template: a `whole-small` session takes all of it. */
const SMALL = { cpuCores: 2, memoryGb: 2, storageGb: 50, maxNodes: 5 };

describe('a burst of sessions that need a worker each (capacity planning, session side)', () => {
  let f: SessionManagerFixture;

  beforeEach(async () => {
    f = await startSessionManager({ CAPACITY_REQUEST_TIMEOUT_MINUTES: '30', CAPACITY_WAIT_MINUTES: '15' });
    await defineLablet(f.svc, {
      name: 'whole-small',
      nodeCount: 5,
      resourceRequirements: { cpuCores: 2, memoryGb: 2, storageGb: 40 },
      licenseAffinity: ['PERSONAL'],
    });
  });

  afterEach(async () => {
    await f?.svc.close();
  });

  /** `count` users asking at once for a session starting now. */
  async function aClassOf(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const result = await f.svc.mediator.execute(
        new RequestSessionCommand(`student-${i}`, 'whole-small', 60, undefined, at(0).toISOString()),
      );
      if (!result.ok) throw new Error(result.problem.detail);
      ids.push(result.value.id);
    }
    return ids;
  }

  async function place(): Promise<PlacementSummary> {
    const result = await f.svc.mediator.execute(new PlaceSessionsCommand('spec'));
    if (!result.ok) throw new Error(result.problem.detail);
    return result.value;
  }

  async function tick(minutes: number): Promise<void> {
    f.clock.advance(minutes * MINUTE);
    const result = await f.svc.mediator.execute(new AdvanceSessionTimersCommand());
    if (!result.ok) throw new Error(result.problem.detail);
  }

  async function statuses(ids: readonly string[]): Promise<string[]> {
    const all = await Promise.all(
      ids.map(async (id) => {
        const response = await f.svc.http
          .get(`/api/lablet-sessions/${id}`)
          .set('authorization', f.svc.token('admin', 'ada'));
        return (response.body as LabletSessionDto).status;
      }),
    );
    return all;
  }

  const requests = () =>
    f.svc
      .publishedEvents(CapacityEventTypes.requested)
      .map((event) => CapacityRequestedSchema.parse(event.data));

  /** worker-manager launching a `small` worker (it stays STARTING until `running`). */
  const launchSmall = (status = 'PENDING') =>
    reportWorker(
      f.svc,
      { status, templateName: 'small', licenseType: 'PERSONAL', capacity: SMALL },
      WorkerEventTypes.created,
    );
  const running = (workerId: string) =>
    reportWorker(f.svc, { workerId, templateName: 'small', licenseType: 'PERSONAL', capacity: SMALL });

  it('asks for six workers’ worth with six demands, and none of the six expires while the workers start', async () => {
    const ids = await aClassOf(6);
    expect(await place()).toMatchObject({ pending: 6, capacityRequests: 1 });
    const [request] = requests();
    expect(request).toMatchObject({ cpuCores: 12, memoryGb: 12, nodeCount: 30, licenseType: 'PERSONAL' });
    expect(request.demands?.map((d) => d.sessionId).sort()).toEqual([...ids].sort());
    expect(request.demands?.[0]).toMatchObject({ cpuCores: 2, memoryGb: 2, storageGb: 40, nodeCount: 5 });

    const workers = [];
    for (let i = 0; i < 6; i++) workers.push(await launchSmall());
    expect(await place()).toMatchObject({ pending: 6, capacityRequests: 0, awaitingCapacity: 6 });
    await tick(10);
    expect(await statuses(ids)).toEqual(Array(6).fill('PENDING'));

    const waiting = (await f.svc.http.get('/metrics')).text;
    expect(waiting).toMatch(/^lcm_sessions\{status="PENDING"[^}]*\} 6$/m);
    expect(waiting).toMatch(
      /^lcm_sessions_waiting_demand\{resource="cpuCores",awaiting_capacity="true"[^}]*\} 12$/m,
    );
    expect(waiting).toMatch(/^lcm_placement_decision_seconds_count\{[^}]*sessions="1-10"[^}]*\} 2$/m);

    for (const workerId of workers) await running(workerId);
    expect(await place()).toMatchObject({ scheduled: 6, capacityRequests: 0 });
    expect(requests()).toHaveLength(1);
    expect((await f.svc.http.get('/metrics')).text).toMatch(/^lcm_sessions\{status="SCHEDULED"[^}]*\} 6$/m);
  });

  it('asks again at once for the sessions a landed launch left without room (one worker for six)', async () => {
    const ids = await aClassOf(6);
    await place();
    const only = await launchSmall('STARTING');
    expect(await place()).toMatchObject({ capacityRequests: 0, awaitingCapacity: 6 });
    await running(only);
    expect(await place()).toMatchObject({ scheduled: 1, capacityRequests: 1, awaitingCapacity: 5 });
    const [, again] = requests();
    expect(again.demands).toHaveLength(5);
    await tick(10);
    expect((await statuses(ids)).filter((status) => status === 'PENDING')).toHaveLength(5);
  });

  it('asks only for the sessions the waiting set grew by while a request is under way', async () => {
    await aClassOf(2);
    await place();
    const [late] = await aClassOf(1);
    expect(await place()).toMatchObject({ capacityRequests: 1 });
    expect(requests().map((r) => r.demands?.length)).toEqual([2, 1]);
    expect(requests()[1].demands?.[0].sessionId).toBe(late);
  });

  it('expires a session at 5 min when nothing was launched for its request (no template fits, MAX_WORKERS)', async () => {
    const refused = await aClassOf(1);
    expect(await place()).toMatchObject({ capacityRequests: 1, awaitingCapacity: 0 });
    await tick(5);
    expect(await statuses(refused)).toEqual(['EXPIRED']);
  });

  it('expires a session waiting for a launch at CAPACITY_WAIT_MINUTES when the worker never comes up', async () => {
    const waiting = await aClassOf(1);
    await place();
    await launchSmall('STARTING');
    await place();
    await tick(14);
    expect(await statuses(waiting)).toEqual(['PENDING']);
    await tick(1);
    expect(await statuses(waiting)).toEqual(['EXPIRED']);
  });
});

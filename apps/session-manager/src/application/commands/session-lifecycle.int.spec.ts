import { randomUUID } from 'node:crypto';
import {
  AssessmentEventTypes,
  LabletDefinitionEventTypes,
  CapacityEventTypes,
  CapacityRequestedSchema,
  LabEventTypes,
  SessionEventTypes,
  SessionExpiringSchema,
  SessionSnapshotSchema,
  WorkerEventTypes,
} from '@lcm/contracts';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { WORKER_ALLOCATION_REPOSITORY } from '../../domain/repositories/worker-allocation.repository';
import {
  WORKER_CAPACITY_REPOSITORY,
  type WorkerCapacityRepository,
} from '../../domain/repositories/worker-capacity.repository';
import { NOW, at } from '../../testing/builders';
import { staggerRepositories } from '../../testing/contention';
import {
  type SessionManagerFixture,
  aDefinitionSummary,
  accepted,
  defineLablet,
  labReady,
  reportWorker,
  startSessionManager,
  workerSnapshot,
} from '../../testing/service-fixture';
import type { LabletSessionDto } from '../dtos/lablet-session.dto';
import { AdvanceSessionTimersCommand } from './advance-session-timers.command';
import { PlaceSessionsCommand, type PlacementSummary } from './place-sessions.command';
import { RecordLabletDefinitionCommand } from './record-lablet-definition.command';
import { RecordWorkerSnapshotCommand } from './record-worker-snapshot.command';
import { RequestSessionCommand } from './request-session.command';

const MINUTE = 60_000;

describe('the lablet session lifecycle, driven by placement, timers and CloudEvents', () => {
  let f: SessionManagerFixture;

  beforeEach(async () => {
    f = await startSessionManager({
      CAPACITY_REQUEST_TIMEOUT_MINUTES: '30',
      // The assessment system is outside LCM: its events are accepted only once its client is named.
      EVENT_PRODUCER_CLIENTS: 'assessment-system=lcm-grader',
    });
    await defineLablet(f.svc);
  });

  afterEach(async () => {
    await f?.svc.close();
  });

  async function requestSession(
    options: {
      owner?: string;
      startMinutes?: number;
      durationMinutes?: number;
      definitionName?: string;
    } = {},
  ) {
    const result = await f.svc.mediator.execute(
      new RequestSessionCommand(
        options.owner ?? 'alice',
        options.definitionName ?? 'ccna-lab',
        options.durationMinutes ?? 60,
        undefined,
        at(options.startMinutes ?? 0).toISOString(),
      ),
    );
    if (!result.ok) throw new Error(result.problem.detail);
    return result.value.id;
  }

  async function session(id: string): Promise<LabletSessionDto> {
    const response = await f.svc.http
      .get(`/api/lablet-sessions/${id}`)
      .set('authorization', f.svc.token('admin', 'ada'));
    expect(response.status).toBe(200);
    return response.body as LabletSessionDto;
  }

  async function place(): Promise<PlacementSummary> {
    const result = await f.svc.mediator.execute(new PlaceSessionsCommand('spec'));
    if (!result.ok) throw new Error(result.problem.detail);
    return result.value;
  }

  async function tick(minutes = 0): Promise<void> {
    f.clock.advance(minutes * MINUTE);
    const result = await f.svc.mediator.execute(new AdvanceSessionTimersCommand());
    if (!result.ok) throw new Error(result.problem.detail);
  }

  /** POSTs a CloudEvent with a `time` of the sender's, as its producer would. */
  function sendTimed(type: string, source: string, data: unknown, time: string) {
    return f.svc.http
      .post('/events')
      .set({
        'ce-specversion': '1.0',
        'ce-id': randomUUID(),
        'ce-source': source,
        'ce-type': type,
        'ce-time': time,
        'content-type': 'application/json',
        authorization: f.svc.serviceToken(source.slice(1)),
      })
      .send(JSON.stringify(data));
  }

  const owner = (sub = 'alice') => ({ authorization: f.svc.token('user', sub) });
  /** Holds the next call of `method` on a repository after it read, until `resume`: a slow writer elsewhere. */
  const holdNext = <R extends object, K extends keyof R>(repository: R, method: K) => {
    const original = (repository[method] as (...args: unknown[]) => Promise<unknown>).bind(repository);
    let reached!: () => void;
    let resume!: () => void;
    const atGate = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (resume = resolve));
    jest.spyOn(repository, method as never).mockImplementationOnce((async (...args: unknown[]) => {
      const value = await original(...args);
      reached();
      await gate;
      return value;
    }) as never);
    return { atGate, resume };
  };
  const statusesOf = (id: string) =>
    f.svc
      .publishedEvents()
      .filter((e) => e.subject === id && e.type.startsWith('io.lcm.session.'))
      .map((e) => e.type);

  it('walks PENDING -> SCHEDULED -> INSTANTIATING -> READY -> RUNNING -> COLLECTING -> GRADING -> STOPPING -> STOPPED', async () => {
    const workerId = await reportWorker(f.svc);
    const id = await requestSession({ startMinutes: 30 });
    expect(f.trigger?.reasons).toContain(`lablet session ${id} requested`);

    await place();
    expect(await session(id)).toMatchObject({ status: 'SCHEDULED', workerId, placementAttempts: 1 });
    await tick(20);
    expect((await session(id)).status).toBe('SCHEDULED');
    await tick(5);
    expect((await session(id)).status).toBe('INSTANTIATING');
    accepted(await labReady(f.svc, id, workerId));
    expect(await session(id)).toMatchObject({
      status: 'READY',
      access: { url: 'https://10.0.0.5/lab/cml-1' },
    });
    await tick(5);
    expect(await session(id)).toMatchObject({ status: 'RUNNING', startedAt: at(30).toISOString() });
    await f.svc.http.post(`/api/lablet-sessions/${id}/collect`).set(owner()).expect(202);
    expect((await session(id)).status).toBe('COLLECTING');
    accepted(
      await f.svc.receive({ type: AssessmentEventTypes.collectionCompleted, data: { sessionId: id } }),
    );
    expect((await session(id)).status).toBe('GRADING');
    accepted(
      await f.svc.receive({
        type: AssessmentEventTypes.gradingCompleted,
        data: { sessionId: id, score: 92.5 },
      }),
    );
    expect(await session(id)).toMatchObject({ status: 'STOPPING', score: 92.5, terminationReason: 'GRADED' });
    accepted(
      await f.svc.receive({
        type: LabEventTypes.released,
        data: { sessionId: id, labRecordId: 'lab-1', workerId },
      }),
    );
    expect(await session(id)).toMatchObject({ status: 'STOPPED', endedAt: at(30).toISOString() });

    expect(statusesOf(id)).toEqual([
      SessionEventTypes.created,
      SessionEventTypes.scheduled,
      SessionEventTypes.instantiating,
      SessionEventTypes.ready,
      SessionEventTypes.running,
      SessionEventTypes.collecting,
      SessionEventTypes.grading,
      SessionEventTypes.stopping,
      SessionEventTypes.stopped,
    ]);
    for (const event of f.svc.publishedEvents().filter((e) => e.subject === id)) {
      expect(SessionSnapshotSchema.safeParse(event.data).success).toBe(true);
    }
  });

  it('warns the owner with io.lcm.session.expiring.v1 10 min before the end, once, and again after an extension', async () => {
    const workerId = await reportWorker(f.svc);
    const id = await requestSession({ startMinutes: 0, durationMinutes: 60 });
    await place();
    await tick(0);
    accepted(await labReady(f.svc, id, workerId));
    await tick(49);
    expect(f.svc.publishedEvents(SessionEventTypes.expiring)).toHaveLength(0);
    await tick(1);
    await tick(1);
    const [warning] = f.svc.publishedEvents(SessionEventTypes.expiring);
    expect(SessionExpiringSchema.parse(warning.data)).toMatchObject({
      sessionId: id,
      status: 'RUNNING',
      minutesLeft: 10,
    });
    expect(f.svc.publishedEvents(SessionEventTypes.expiring)).toHaveLength(1);
    await f.svc.http.post(`/api/lablet-sessions/${id}/extend`).set(owner()).send({ minutes: 30 }).expect(202);
    await tick(30);
    expect(f.svc.publishedEvents(SessionEventTypes.expiring)).toHaveLength(2);
  });

  it('stops a RUNNING session at its timeslot end, and the owner can start early and stop', async () => {
    const workerId = await reportWorker(f.svc);
    const timed = await requestSession({ startMinutes: 10, durationMinutes: 30 });
    const early = await requestSession({ owner: 'bob', startMinutes: 10 });
    await place();
    await tick(5);
    accepted(await labReady(f.svc, timed, workerId));
    accepted(await labReady(f.svc, early, workerId));
    await f.svc.http.post(`/api/lablet-sessions/${early}/start`).set(owner('bob')).expect(202);
    expect((await session(early)).status).toBe('RUNNING');
    await f.svc.http.post(`/api/lablet-sessions/${early}/stop`).set(owner('bob')).expect(202);
    expect(await session(early)).toMatchObject({ status: 'STOPPING', terminationReason: 'OWNER_STOPPED' });

    await tick(5);
    expect((await session(timed)).status).toBe('RUNNING');
    await tick(30);
    expect(await session(timed)).toMatchObject({ status: 'STOPPING', terminationReason: 'TIMESLOT_ENDED' });
  });

  it('lets an admin terminate a READY session (STOPPING) and a PENDING one (CANCELLED), and refuses a STOPPED one', async () => {
    const workerId = await reportWorker(f.svc);
    const ready = await requestSession({ startMinutes: 5 });
    await place();
    await tick(0);
    accepted(await labReady(f.svc, ready, workerId));
    const pending = await requestSession({ startMinutes: 600 });
    const admin = { authorization: f.svc.token('admin', 'ada') };
    expect((await f.svc.http.delete(`/api/lablet-sessions/${ready}`).set(admin)).body).toMatchObject({
      status: 'STOPPING',
      terminationReason: 'ADMIN_TERMINATED',
    });
    expect((await f.svc.http.delete(`/api/lablet-sessions/${pending}`).set(admin)).body).toMatchObject({
      status: 'CANCELLED',
    });
    // Who ended each session, and when, is in its history as the API shows it.
    for (const [id, status] of [
      [ready, 'STOPPING'],
      [pending, 'CANCELLED'],
    ])
      expect((await session(id)).history.at(-1)).toEqual({
        at: NOW.toISOString(),
        status,
        action: 'STATUS_CHANGED',
        reason: 'ADMIN_TERMINATED',
        by: 'ada',
      });
    accepted(
      await f.svc.receive({
        type: LabEventTypes.released,
        data: { sessionId: ready, labRecordId: 'lab-1', workerId },
      }),
    );
    const again = await f.svc.http.delete(`/api/lablet-sessions/${ready}`).set(admin);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(`lablet session ${ready} is STOPPED; terminate is not allowed`);
  });

  it('keeps a session 2 h ahead PENDING, without asking for capacity, while placing the one due now', async () => {
    await reportWorker(f.svc);
    const later = await requestSession({ startMinutes: 120 });
    const now = await requestSession({ startMinutes: 0 });
    const summary = await place();
    expect(summary).toMatchObject({ considered: 1, scheduled: 1, capacityRequests: 0 });
    expect(await session(later)).toMatchObject({ status: 'PENDING', placementAttempts: 0 });
    expect((await session(now)).status).toBe('SCHEDULED');
  });

  it('expires a session still unplaced 5 min after its start, not before', async () => {
    const id = await requestSession({ startMinutes: 0 });
    await place();
    await tick(4);
    expect(await session(id)).toMatchObject({ status: 'PENDING', lastPlacementReason: 'NO_RUNNING_WORKER' });
    await tick(1);
    expect(await session(id)).toMatchObject({ status: 'EXPIRED', terminationReason: 'NO_RUNNING_WORKER' });
    expect(statusesOf(id)).toEqual([SessionEventTypes.created, SessionEventTypes.expired]);
  });

  it('offers no session to a RUNNING worker whose CML fails its health checks, and offers it again once healthy', async () => {
    const workerId = await reportWorker(f.svc, { serviceStatus: 'UNAVAILABLE' });
    const waiting = await requestSession({ startMinutes: 5 });
    await place();
    expect(await session(waiting)).toMatchObject({
      status: 'PENDING',
      lastPlacementReason: 'NO_RUNNING_WORKER',
    });

    await reportWorker(f.svc, { workerId, serviceStatus: 'AVAILABLE' }, WorkerEventTypes.healthChanged);
    await place();
    expect(await session(waiting)).toMatchObject({ status: 'SCHEDULED', workerId });
  });

  it('places a session whose lab failed once more on another worker, then fails it; and one not ready 15 min into instantiation', async () => {
    const workerId = await reportWorker(f.svc);
    const slow = await requestSession({ startMinutes: 5 });
    const broken = await requestSession({ owner: 'bob', startMinutes: 5 });
    await place();
    await tick(0);
    const labFailed = (on: string) =>
      f.svc.receive({
        type: LabEventTypes.failed,
        data: { sessionId: broken, reason: 'import refused', labRecordId: null, workerId: on },
      });
    accepted(await labFailed(workerId));
    const requeued = await session(broken);
    expect(requeued).toMatchObject({ status: 'PENDING', workerId: null, replacements: 1 });
    expect(requeued.history.at(-1)).toMatchObject({
      action: 'REQUEUED',
      reason: 'LAB_FAILED: import refused',
      workerId,
      by: null,
    });
    await place();
    expect(await session(broken)).toMatchObject({
      status: 'PENDING',
      lastPlacementReason: 'NO_RUNNING_WORKER',
    });

    const second = await reportWorker(f.svc);
    await place();
    await tick(0);
    expect(await session(broken)).toMatchObject({ status: 'INSTANTIATING', workerId: second });
    accepted(await labFailed(workerId));
    expect((await session(broken)).status).toBe('INSTANTIATING');
    accepted(await labFailed(second));
    expect(await session(broken)).toMatchObject({
      status: 'FAILED',
      terminationReason: 'LAB_FAILED: import refused',
    });
    expect(statusesOf(broken)).toEqual([
      SessionEventTypes.created,
      SessionEventTypes.scheduled,
      SessionEventTypes.instantiating,
      SessionEventTypes.requeued,
      SessionEventTypes.scheduled,
      SessionEventTypes.instantiating,
      SessionEventTypes.failed,
    ]);

    await tick(14);
    expect((await session(slow)).status).toBe('INSTANTIATING');
    await tick(1);
    expect(await session(slow)).toMatchObject({ status: 'PENDING', replacements: 1 });
    expect((await session(slow)).history.at(-1)).toMatchObject({ reason: 'INSTANTIATING_TIMEOUT' });
  });

  it('stops ungraded a session whose assessment stays silent 30 min after collect, and ignores a late grade', async () => {
    const workerId = await reportWorker(f.svc);
    const collecting = await requestSession({ startMinutes: 5, durationMinutes: 120 });
    const grading = await requestSession({ owner: 'bob', startMinutes: 5, durationMinutes: 120 });
    await place();
    await tick(0);
    for (const id of [collecting, grading]) accepted(await labReady(f.svc, id, workerId));
    await tick(5);
    await f.svc.http.post(`/api/lablet-sessions/${collecting}/collect`).set(owner()).expect(202);
    await f.svc.http.post(`/api/lablet-sessions/${grading}/collect`).set(owner('bob')).expect(202);
    accepted(
      await f.svc.receive({
        type: AssessmentEventTypes.collectionCompleted,
        data: { sessionId: grading },
      }),
    );

    await tick(29);
    expect((await session(collecting)).status).toBe('COLLECTING');
    expect((await session(grading)).status).toBe('GRADING');
    await tick(1);
    for (const id of [collecting, grading]) {
      expect(await session(id)).toMatchObject({
        status: 'STOPPING',
        score: null,
        terminationReason: 'ASSESSMENT_TIMEOUT',
      });
      expect(statusesOf(id).at(-1)).toBe(SessionEventTypes.stopping);
    }

    accepted(
      await f.svc.receive({
        type: AssessmentEventTypes.gradingCompleted,
        data: { sessionId: grading, score: 70 },
      }),
    );
    expect(await session(grading)).toMatchObject({ status: 'STOPPING', score: null });
  });

  it('stops the running and places again the scheduled sessions of a terminated worker, and leaves other workers alone', async () => {
    // A worker with room for one session only, so the others land on the second worker.
    const other = await reportWorker(f.svc, {
      capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    });
    const elsewhere = await requestSession({ owner: 'carol' });
    await place();
    const doomed = await reportWorker(f.svc);
    const running = await requestSession();
    const scheduled = await requestSession({ owner: 'bob', startMinutes: 30 });
    await place();
    expect(await session(elsewhere)).toMatchObject({ status: 'SCHEDULED', workerId: other });
    expect(await session(running)).toMatchObject({ status: 'SCHEDULED', workerId: doomed });
    expect(await session(scheduled)).toMatchObject({ status: 'SCHEDULED', workerId: doomed });
    await tick(0);
    accepted(await labReady(f.svc, running, doomed));
    accepted(await labReady(f.svc, elsewhere, other));
    await tick(0);
    expect((await session(running)).status).toBe('RUNNING');

    await reportWorker(f.svc, { workerId: doomed, status: 'TERMINATED' });
    await tick(0);
    expect(await session(running)).toMatchObject({ status: 'STOPPING', terminationReason: 'WORKER_LOST' });
    expect(await session(scheduled)).toMatchObject({ status: 'PENDING', replacements: 1 });
    expect((await session(elsewhere)).status).toBe('RUNNING');
    await tick(0);
    expect(statusesOf(running).filter((type) => type === SessionEventTypes.stopping)).toHaveLength(1);
    expect(statusesOf(scheduled).at(-1)).toBe(SessionEventTypes.requeued);
  });

  it('stops the sessions of a worker reported STOPPED even when its restart (STARTING) was recorded first and no timer ran', async () => {
    const worker = await reportWorker(f.svc);
    const running = await requestSession();
    await place();
    await tick(0);
    accepted(await labReady(f.svc, running, worker));
    await tick(0);
    expect((await session(running)).status).toBe('RUNNING');

    // worker-manager found the instance stopped behind its back and started it again in the same pass:
    // both events are delivered at once, the newer one first.
    const stoppedAt = new Date(f.clock.now().getTime() + 1_000).toISOString();
    const startingAt = new Date(f.clock.now().getTime() + 2_000).toISOString();
    const snapshot = (status: string) => workerSnapshot(worker, { status, httpsEndpoint: null });
    accepted(
      await sendTimed(WorkerEventTypes.statusChanged, '/worker-manager', snapshot('STARTING'), startingAt),
    );
    accepted(
      await sendTimed(WorkerEventTypes.statusChanged, '/worker-manager', snapshot('STOPPED'), stoppedAt),
    );

    expect(await session(running)).toMatchObject({ status: 'STOPPING', terminationReason: 'WORKER_LOST' });
    await tick(0);
    expect(statusesOf(running).filter((type) => type === SessionEventTypes.stopping)).toHaveLength(1);
  });

  it('refuses a 25-node definition on a PERSONAL worker with reason INSUFFICIENT_LICENSE', async () => {
    await reportWorker(f.svc, {
      licenseType: 'PERSONAL',
      capacity: { cpuCores: 48, memoryGb: 192, storageGb: 1000, maxNodes: 200 },
    });
    await defineLablet(f.svc, {
      name: 'big-lab',
      nodeCount: 25,
      licenseAffinity: ['PERSONAL', 'ENTERPRISE'],
    });
    const id = await requestSession({ definitionName: 'big-lab' });
    await place();
    expect(await session(id)).toMatchObject({
      status: 'PENDING',
      lastPlacementReason: 'INSUFFICIENT_LICENSE',
    });
    const [request] = f.svc.publishedEvents(CapacityEventTypes.requested);
    expect(request.data).toMatchObject({ licenseType: 'ENTERPRISE', nodeCount: 25 });
  });

  it('with only DRAINING workers gives WORKER_DRAINING and asks for capacity once, with the summed demand', async () => {
    await reportWorker(f.svc, { status: 'DRAINING' }, WorkerEventTypes.draining);
    const first = await requestSession({ startMinutes: 10 });
    const second = await requestSession({ owner: 'bob', startMinutes: 20 });
    await place();
    await place();
    f.clock.advance(10 * MINUTE);
    await place();
    expect(await session(first)).toMatchObject({
      status: 'PENDING',
      lastPlacementReason: 'WORKER_DRAINING',
      placementAttempts: 3,
    });
    expect((await session(second)).lastPlacementReason).toBe('WORKER_DRAINING');
    const requests = f.svc.publishedEvents(CapacityEventTypes.requested);
    expect(requests).toHaveLength(1);
    expect(CapacityRequestedSchema.parse(requests[0].data)).toMatchObject({
      cpuCores: 2,
      memoryGb: 4,
      storageGb: 20,
      nodeCount: 6,
      licenseType: 'PERSONAL',
      region: 'us-east-1',
      neededBy: at(10).toISOString(),
    });
  });

  it('asks again only after the open capacity request timed out, or after it was satisfied', async () => {
    await requestSession({ startMinutes: 40 });
    f.clock.advance(10 * MINUTE);
    await place();
    f.clock.advance(29 * MINUTE);
    await place();
    expect(f.svc.publishedEvents(CapacityEventTypes.requested)).toHaveLength(1);
    f.clock.advance(1 * MINUTE);
    await place();
    const [firstAsk, secondAsk] = f.svc.publishedEvents(CapacityEventTypes.requested);
    expect(secondAsk?.data['requestId']).not.toBe(firstAsk.data['requestId']);

    await reportWorker(f.svc, { capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
    await place();
    expect(f.svc.publishedEvents(CapacityEventTypes.requested)).toHaveLength(2);
    await requestSession({ owner: 'bob', startMinutes: 40 });
    await place();
    const asks = f.svc.publishedEvents(CapacityEventTypes.requested);
    expect(asks).toHaveLength(3);
    expect(asks[2].data).toMatchObject({ cpuCores: 1, neededBy: at(40).toISOString() });
  });

  it('keeps a capacity request open when a placement run that read no sessions ends after another run asked (two replicas)', async () => {
    // The first run stops after reading the (still empty) due sessions, as a slow run on another replica would.
    const workers = f.svc.container.get<WorkerCapacityRepository>(WORKER_CAPACITY_REPOSITORY);
    const { atGate, resume } = holdNext(workers, 'find');
    const early = f.svc.mediator.execute(new PlaceSessionsCommand('spec'));
    await atGate;

    await requestSession();
    await place();
    resume();
    await early;
    await place();

    expect(f.svc.publishedEvents(CapacityEventTypes.requested)).toHaveLength(1);
  });

  // Each width shuffles how the runs' reads and saves interleave; without retrying a lost save, some
  // widths placed none of the 50 (each winner's session had meanwhile been marked by another run), others
  // scheduled one but handed its capacity back, so the next request took it too.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'gives the last free capacity to exactly one session when 50 placement runs race (repository calls staggered by up to %i turns)',
    async (width) => {
      await reportWorker(f.svc, { capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) ids.push(await requestSession({ owner: `user-${i}` }));
      staggerRepositories(f.svc.container, [LABLET_SESSION_REPOSITORY, WORKER_ALLOCATION_REPOSITORY], width);

      const results = await Promise.all(
        ids.map(() => f.svc.mediator.execute(new PlaceSessionsCommand('spec'))),
      );

      expect(results.every((r) => r.ok)).toBe(true);
      const statuses = await Promise.all(ids.map(async (id) => (await session(id)).status));
      expect(statuses.filter((s) => s === 'SCHEDULED')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'PENDING')).toHaveLength(49);
      expect(f.svc.publishedEvents(SessionEventTypes.scheduled)).toHaveLength(1);
      const late = await requestSession({ owner: 'late' });
      await place();
      expect(await session(late)).toMatchObject({ status: 'PENDING', lastPlacementReason: 'AT_CAPACITY' });
    },
  );

  it('applies a lab.ready that lost its save race to the owner extending the session (two replicas)', async () => {
    const workerId = await reportWorker(f.svc);
    const id = await requestSession({ startMinutes: 5 });
    await place();
    await tick();
    expect((await session(id)).status).toBe('INSTANTIATING');

    const sessions = f.svc.container.get<LabletSessionRepository>(LABLET_SESSION_REPOSITORY);
    const { atGate, resume } = holdNext(sessions, 'get');
    const ready = labReady(f.svc, id, workerId).then((answer) => answer);
    await atGate;
    await f.svc.http.post(`/api/lablet-sessions/${id}/extend`).set(owner()).send({ minutes: 30 }).expect(202);
    resume();
    accepted(await ready);

    expect(await session(id)).toMatchObject({ status: 'READY', timeslotEnd: at(95).toISOString() });
  });

  it('extends a session while its worker stays free and refuses when the next timeslot on it is taken', async () => {
    const workerId = await reportWorker(f.svc, {
      capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    });
    const mine = await requestSession({ startMinutes: 0, durationMinutes: 30 });
    await place();
    const extend = (id: string, minutes: number, sub = 'alice') =>
      f.svc.http.post(`/api/lablet-sessions/${id}/extend`).set(owner(sub)).send({ minutes });
    const ok = await extend(mine, 30);
    expect(ok.status).toBe(202);
    expect(ok.body.timeslotEnd).toBe(at(60).toISOString());

    const next = await requestSession({ owner: 'bob', startMinutes: 60, durationMinutes: 30 });
    f.clock.advance(30 * MINUTE);
    await place();
    expect(await session(next)).toMatchObject({ status: 'SCHEDULED', workerId });
    const refused = await extend(mine, 15);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('cannot be extended');
    expect((await session(mine)).timeslotEnd).toBe(at(60).toISOString());

    const tooLong = await extend(next, 120, 'bob');
    expect(tooLong.status).toBe(409);
    expect(tooLong.body.detail).toContain('allows at most 120');
  });

  it('frees the capacity of a cancelled session for the next request', async () => {
    await reportWorker(f.svc, { capacity: { cpuCores: 1, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
    const first = await requestSession();
    await place();
    await f.svc.http.post(`/api/lablet-sessions/${first}/cancel`).set(owner()).expect(202);
    const second = await requestSession({ owner: 'bob' });
    await place();
    expect((await session(second)).status).toBe('SCHEDULED');
  });

  it('changes a session once when the same lab.ready event arrives twice', async () => {
    const workerId = await reportWorker(f.svc);
    const id = await requestSession({ startMinutes: 5 });
    await place();
    await tick(0);
    const eventId = randomUUID();
    accepted(await labReady(f.svc, id, workerId, eventId));
    accepted(await labReady(f.svc, id, workerId, eventId));
    expect(await session(id)).toMatchObject({ status: 'READY', stateVersion: 4 });
    expect(f.svc.publishedEvents(SessionEventTypes.ready)).toHaveLength(1);
  });

  it('acknowledges and ignores inbound events whose data breaks the contract or names an unknown session', async () => {
    const bad = await f.svc.receive({ type: LabEventTypes.ready, data: { sessionId: 42 } });
    expect(bad.status).toBe(202);
    const unknown = await f.svc.receive({
      type: AssessmentEventTypes.collectionCompleted,
      data: { sessionId: 'nope' },
    });
    expect(unknown.status).toBe(202);
    const badWorker = await f.svc.receive({
      type: WorkerEventTypes.statusChanged,
      data: { workerId: 'not-a-uuid' },
    });
    expect(badWorker.status).toBe(202);
  });

  it('keeps a definition disabled when its older created event arrives after the update that disabled it', async () => {
    const definition = { definitionId: randomUUID(), ...aDefinitionSummary({ name: 'late-lab' }) };
    const send = (type: string, enabled: boolean, time: string) =>
      sendTimed(type, '/lab-manager', { ...definition, enabled }, time);
    await send(LabletDefinitionEventTypes.updated, false, '2026-03-02T09:59:00.000Z').expect(202);
    await send(LabletDefinitionEventTypes.created, true, '2026-03-02T09:58:00.000Z').expect(202);

    const refused = await f.svc.mediator.execute(new RequestSessionCommand('alice', 'late-lab', 30));
    expect(refused).toMatchObject({ ok: false, status: 400 });
  });

  it('asks for a placement run when a known worker becomes RUNNING, once', async () => {
    const workerId = await reportWorker(f.svc, { status: 'STARTING' });
    const ranFor = () => f.trigger?.reasons.filter((r) => r === `worker ${workerId} is RUNNING and healthy`);
    expect(ranFor()).toEqual([]);
    await reportWorker(f.svc, { workerId, status: 'RUNNING' });
    await reportWorker(f.svc, { workerId, status: 'RUNNING' }, WorkerEventTypes.metricsUpdated);
    expect(ranFor()).toHaveLength(1);
  });

  it('keeps the newest worker snapshot when an older event arrives late', async () => {
    const workerId = randomUUID();
    const send = (status: string, time: string) =>
      sendTimed(
        WorkerEventTypes.created,
        '/worker-manager',
        workerSnapshot(workerId, { status, name: 'w', instanceType: 't3.large' }),
        time,
      );
    await send('RUNNING', '2026-03-02T09:59:00Z').expect(202);
    await send('STARTING', '2026-03-02T09:58:00Z').expect(202);
    const id = await requestSession();
    await place();
    expect(await session(id)).toMatchObject({ status: 'SCHEDULED', workerId });
  });

  it('dates a worker event without `time` by the service clock, so a later timed event about the worker still applies', async () => {
    // `receive` sends no `ce-time`: the event is dated at the service clock's NOW, not the wall clock
    // (months later), which would make the DRAINING event below look older and be ignored.
    const workerId = await reportWorker(f.svc);
    await sendTimed(
      WorkerEventTypes.draining,
      '/worker-manager',
      workerSnapshot(workerId, { status: 'DRAINING' }),
      at(5).toISOString(),
    ).expect(202);
    const id = await requestSession();
    await place();
    expect(await session(id)).toMatchObject({ status: 'PENDING', lastPlacementReason: 'WORKER_DRAINING' });
  });

  it('keeps both of two worker events that arrive at once (two replicas), from the first ones on', async () => {
    const workerId = randomUUID();
    const snapshot = (status: string, httpsEndpoint: string | null) => ({
      workerId,
      status,
      templateName: 'large',
      region: 'us-east-1',
      licenseType: 'ENTERPRISE' as const,
      capacity: { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
      httpsEndpoint,
    });
    const record = (status: string, httpsEndpoint: string | null, second: number) =>
      f.svc.mediator.execute(
        new RecordWorkerSnapshotCommand(snapshot(status, httpsEndpoint), `2026-03-02T09:00:0${second}.000Z`),
      );
    const first = await Promise.all([record('PENDING', null, 0), record('PROVISIONING', null, 1)]);
    const next = await Promise.all([
      record('STARTING', 'https://10.0.0.9', 2),
      record('RUNNING', 'https://10.0.0.9', 3),
    ]);

    expect([...first, ...next].map((result) => result.ok)).toEqual([true, true, true, true]);
    const id = await requestSession();
    await place();
    expect(await session(id)).toMatchObject({ status: 'SCHEDULED', workerId });
  });

  it('keeps both of two definition events that arrive at once (two replicas)', async () => {
    const definitionId = randomUUID();
    const definition = (enabled: boolean, second: number) =>
      new RecordLabletDefinitionCommand(definitionId, {
        ...aDefinitionSummary({ name: 'racing-lab', enabled }),
        observedAt: `2026-03-02T09:00:0${second}.000Z`,
      });
    await Promise.all([
      f.svc.mediator.execute(definition(true, 0)),
      f.svc.mediator.execute(definition(false, 1)),
    ]);

    const refused = await f.svc.mediator.execute(new RequestSessionCommand('alice', 'racing-lab', 30));
    expect(refused).toMatchObject({ ok: false, status: 400 });
  });

  it('shows free sessions per hour on RUNNING workers and flags hours that need a STOPPED worker started', async () => {
    await reportWorker(f.svc, { capacity: { cpuCores: 2, memoryGb: 32, storageGb: 200, maxNodes: 30 } });
    await reportWorker(
      f.svc,
      { status: 'STOPPED', capacity: { cpuCores: 4, memoryGb: 32, storageGb: 200, maxNodes: 30 } },
      WorkerEventTypes.statusChanged,
    );
    await requestSession({ startMinutes: 0 });
    await requestSession({ owner: 'bob', startMinutes: 0 });
    await place();
    const response = await f.svc.http
      .get(
        `/api/timeslots/availability?definitionName=ccna-lab&from=${NOW.toISOString()}&to=${at(180).toISOString()}`,
      )
      .set(owner());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ definitionName: 'ccna-lab', definitionVersion: '1.0.0' });
    expect(response.body.hours).toEqual([
      {
        start: NOW.toISOString(),
        end: at(60).toISOString(),
        onRunningWorkers: 0,
        onStoppedWorkers: 4,
        needsWorkerStart: true,
      },
      {
        start: at(60).toISOString(),
        end: at(120).toISOString(),
        onRunningWorkers: 2,
        onStoppedWorkers: 4,
        needsWorkerStart: false,
      },
      {
        start: at(120).toISOString(),
        end: at(180).toISOString(),
        onRunningWorkers: 2,
        onStoppedWorkers: 4,
        needsWorkerStart: false,
      },
    ]);
    const tooLong = await f.svc.http
      .get(
        `/api/timeslots/availability?definitionName=ccna-lab&from=${NOW.toISOString()}&to=${at(60 * 24 * 8).toISOString()}`,
      )
      .set(owner());
    expect(tooLong.status).toBe(400);
  });
});

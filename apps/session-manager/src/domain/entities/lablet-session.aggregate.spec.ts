import { SessionEventTypes, SessionSnapshotSchema } from '@lcm/contracts';
import { cloudEventTypeOf } from '@lcm/neuro-core/domain';
import { NOW, aSession, at } from '../../testing/builders';
import type { LabletSession } from './lablet-session.aggregate';
import { SESSION_STATUSES, type SessionStatus } from './session-status';

const access = {
  labRecordId: 'lab-1',
  url: 'https://10.0.0.5',
  username: 'lcm-s1',
  ports: { PORT_SERIAL_1: 2001 },
};

/** Every allowed move of the status table (docs/domain.md#session-statuses), as the aggregate method that makes it. */
const moves: Record<string, (s: LabletSession) => ReturnType<LabletSession['start']>> = {
  schedule: (s) => s.schedule('worker-1', NOW),
  expire: (s) => s.expire(at(6)),
  beginInstantiation: (s) => s.beginInstantiation(at(-5)),
  markReady: (s) => s.markReady(access, at(-3)),
  fail: (s) => s.fail('lab import failed', at(-3)),
  start: (s) => s.start(NOW),
  collect: (s) => s.collect(at(30)),
  completeCollection: (s) => s.completeCollection(at(31)),
  completeGrading: (s) => s.completeGrading(87, at(32)),
  timeOutAssessment: (s) => s.timeOutAssessment(at(60)),
  loseWorker: (s) => s.loseWorker(at(20)),
  loseLab: (s) => s.loseLab('LAB_VANISHED: lab l-1 is gone from worker worker-1', at(20)),
  stop: (s) => s.stop('OWNER_STOPPED', at(40)),
  markReleased: (s) => s.markReleased(at(41)),
  cancel: (s) => s.cancel('OWNER_CANCELLED', NOW),
};

/** The moves that lead from PENDING to each status. */
const pathTo: Record<SessionStatus, string[]> = {
  PENDING: [],
  SCHEDULED: ['schedule'],
  INSTANTIATING: ['schedule', 'beginInstantiation'],
  READY: ['schedule', 'beginInstantiation', 'markReady'],
  RUNNING: ['schedule', 'beginInstantiation', 'markReady', 'start'],
  COLLECTING: ['schedule', 'beginInstantiation', 'markReady', 'start', 'collect'],
  GRADING: ['schedule', 'beginInstantiation', 'markReady', 'start', 'collect', 'completeCollection'],
  STOPPING: ['schedule', 'beginInstantiation', 'markReady', 'start', 'stop'],
  STOPPED: ['schedule', 'beginInstantiation', 'markReady', 'start', 'stop', 'markReleased'],
  FAILED: ['schedule', 'beginInstantiation', 'fail', 'schedule', 'beginInstantiation', 'fail'],
  EXPIRED: ['expire'],
  CANCELLED: ['cancel'],
};

/** The transition table of docs/domain.md#session-statuses: from, move, to, and the CloudEvent it emits (null: none in the contract). */
const table: Array<[SessionStatus, string, SessionStatus, string | null]> = [
  ['PENDING', 'schedule', 'SCHEDULED', SessionEventTypes.scheduled],
  ['PENDING', 'expire', 'EXPIRED', SessionEventTypes.expired],
  ['SCHEDULED', 'beginInstantiation', 'INSTANTIATING', SessionEventTypes.instantiating],
  ['INSTANTIATING', 'markReady', 'READY', SessionEventTypes.ready],
  ['INSTANTIATING', 'fail', 'PENDING', SessionEventTypes.requeued],
  ['SCHEDULED', 'fail', 'PENDING', SessionEventTypes.requeued],
  ['READY', 'start', 'RUNNING', SessionEventTypes.running],
  ['RUNNING', 'collect', 'COLLECTING', SessionEventTypes.collecting],
  ['COLLECTING', 'completeCollection', 'GRADING', SessionEventTypes.grading],
  ['GRADING', 'completeGrading', 'STOPPING', SessionEventTypes.stopping],
  ['COLLECTING', 'timeOutAssessment', 'STOPPING', SessionEventTypes.stopping],
  ['GRADING', 'timeOutAssessment', 'STOPPING', SessionEventTypes.stopping],
  ['SCHEDULED', 'loseWorker', 'PENDING', SessionEventTypes.requeued],
  ['INSTANTIATING', 'loseWorker', 'PENDING', SessionEventTypes.requeued],
  ['READY', 'loseWorker', 'STOPPING', SessionEventTypes.stopping],
  ['RUNNING', 'loseWorker', 'STOPPING', SessionEventTypes.stopping],
  ['COLLECTING', 'loseWorker', 'STOPPING', SessionEventTypes.stopping],
  ['GRADING', 'loseWorker', 'STOPPING', SessionEventTypes.stopping],
  ['SCHEDULED', 'loseLab', 'PENDING', SessionEventTypes.requeued],
  ['INSTANTIATING', 'loseLab', 'PENDING', SessionEventTypes.requeued],
  ['READY', 'loseLab', 'STOPPING', SessionEventTypes.stopping],
  ['RUNNING', 'loseLab', 'STOPPING', SessionEventTypes.stopping],
  ['COLLECTING', 'loseLab', 'STOPPING', SessionEventTypes.stopping],
  ['GRADING', 'loseLab', 'STOPPING', SessionEventTypes.stopping],
  ['RUNNING', 'stop', 'STOPPING', SessionEventTypes.stopping],
  ['READY', 'stop', 'STOPPING', SessionEventTypes.stopping],
  ['STOPPING', 'markReleased', 'STOPPED', SessionEventTypes.stopped],
  ['PENDING', 'cancel', 'CANCELLED', SessionEventTypes.cancelled],
  ['SCHEDULED', 'cancel', 'CANCELLED', SessionEventTypes.cancelled],
];

function sessionIn(status: SessionStatus): LabletSession {
  const session = aSession();
  for (const move of pathTo[status]) {
    const result = moves[move](session);
    if (!result.ok) throw new Error(`builder could not ${move}: ${result.error}`);
  }
  session.markPersisted(2);
  expect(session.status).toBe(status);
  return session;
}

describe('LabletSession', () => {
  it('is requested PENDING and announces itself with io.lcm.session.created.v1 matching the contract', () => {
    const session = aSession({ startMinutes: 120 });
    const fresh = aSession().snapshot();
    expect(session.status).toBe('PENDING');
    expect(SessionSnapshotSchema.parse(fresh)).toEqual(fresh);
  });

  it.each(table)('moves %s -> (%s) -> %s and emits %s', (from, move, to, eventType) => {
    const session = sessionIn(from);
    const result = moves[move](session);
    expect(result).toEqual({ ok: true, value: undefined });
    expect(session.status).toBe(to);
    const types = session.pendingEvents.map((e) => cloudEventTypeOf(e));
    expect(types).toEqual(eventType ? [eventType] : []);
    for (const event of session.pendingEvents) {
      expect(SessionSnapshotSchema.parse(event.toData())).toMatchObject({
        status: to,
        sessionId: 'session-1',
      });
    }
  });

  const allowed = new Set(table.map(([from, move]) => `${from}:${move}`));
  const refused = SESSION_STATUSES.flatMap((status) =>
    Object.keys(moves)
      .filter((move) => !allowed.has(`${status}:${move}`))
      .map((move) => [status, move] as const),
  );

  it.each(refused)('refuses %s -> (%s), naming the current status, and changes nothing', (from, move) => {
    const session = sessionIn(from);
    const before = structuredClone(session.state);
    const result = moves[move](session);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(`is ${from};`);
    expect(session.state).toEqual(before);
    expect(session.pendingEvents).toEqual([]);
  });

  it('is placed again once, off the worker it failed on, with the reason in its history; the second failure is FAILED', () => {
    const session = sessionIn('INSTANTIATING');
    session.fail('LAB_FAILED: import refused', at(-3));
    expect(session.state).toMatchObject({
      status: 'PENDING',
      workerId: null,
      replacements: 1,
      avoidedWorkerIds: ['worker-1'],
      requeuedAt: at(-3).toISOString(),
    });
    expect(session.history.at(-1)).toEqual({
      at: at(-3).toISOString(),
      status: 'PENDING',
      action: 'REQUEUED',
      reason: 'LAB_FAILED: import refused',
      by: null,
      workerId: 'worker-1',
    });
    expect(session.pendingEvents.map((e) => e.toData())).toEqual([
      expect.objectContaining({
        status: 'PENDING',
        workerId: 'worker-1',
        reason: 'LAB_FAILED: import refused',
      }),
    ]);
    session.schedule('worker-2', at(-2));
    expect(session.loseWorker(at(-1)).ok).toBe(true);
    expect(session.state).toMatchObject({ status: 'FAILED', terminationReason: 'WORKER_LOST' });
  });

  it('stops a READY session whose lab vanished, with the reason for its owner, instead of leaving it READY', () => {
    const session = sessionIn('READY');
    session.loseLab('LAB_VANISHED: lab l-1 is gone from worker worker-1', at(20));
    expect(session.state).toMatchObject({
      status: 'STOPPING',
      terminationReason: 'LAB_LOST: LAB_VANISHED: lab l-1 is gone from worker worker-1',
    });
    expect(session.pendingEvents.map((e) => e.toData())).toEqual([
      expect.objectContaining({
        status: 'STOPPING',
        reason: 'LAB_LOST: LAB_VANISHED: lab l-1 is gone from worker worker-1',
      }),
    ]);
  });

  it('expires 5 min after its start, or after its re-placement when later, and later while a launch is coming', () => {
    const session = aSession();
    const FIVE = 5 * 60_000;
    const FIFTEEN = 15 * 60_000;
    expect(session.isExpiryDue(at(4), FIVE, FIFTEEN)).toBe(false);
    expect(session.isExpiryDue(at(5), FIVE, FIFTEEN)).toBe(true);
    session.recordPlacementFailure('NO_RUNNING_WORKER', true);
    expect(session.isExpiryDue(at(14), FIVE, FIFTEEN)).toBe(false);
    expect(session.isExpiryDue(at(15), FIVE, FIFTEEN)).toBe(true);
    const requeued = sessionIn('INSTANTIATING');
    requeued.fail('WORKER_LOST', at(10));
    expect(requeued.isExpiryDue(at(14), FIVE, FIFTEEN)).toBe(false);
    expect(requeued.isExpiryDue(at(15), FIVE, FIFTEEN)).toBe(true);
  });

  it('warns once per end that a READY or RUNNING session ends soon, and again after an extension', () => {
    const session = sessionIn('RUNNING');
    const TEN = 10 * 60_000;
    expect(session.warnOfExpiry(at(49), TEN)).toEqual({ ok: true, value: false });
    expect(session.warnOfExpiry(at(50), TEN)).toEqual({ ok: true, value: true });
    expect(session.warnOfExpiry(at(52), TEN)).toEqual({ ok: true, value: false });
    expect(session.pendingEvents.map((e) => [cloudEventTypeOf(e), e.toData()['minutesLeft']])).toEqual([
      [SessionEventTypes.expiring, 10],
    ]);
    session.extend(30, 120);
    expect(session.warnOfExpiry(at(80), TEN)).toEqual({ ok: true, value: true });
  });

  it('records who cancelled or stopped it, and when, in its history', () => {
    const cancelled = aSession();
    cancelled.cancel('ADMIN_CANCELLED', at(1), 'ada');
    expect(cancelled.history.map((h) => [h.status, h.by, h.at])).toEqual([
      ['PENDING', 'alice', NOW.toISOString()],
      ['CANCELLED', 'ada', at(1).toISOString()],
    ]);
    const stopped = sessionIn('RUNNING');
    stopped.stop('ADMIN_TERMINATED', at(5), 'ada');
    expect(stopped.history.at(-1)).toMatchObject({
      status: 'STOPPING',
      reason: 'ADMIN_TERMINATED',
      by: 'ada',
    });
  });

  it('keeps the grading score and carries the lab access, never a password', () => {
    const graded = sessionIn('GRADING');
    graded.completeGrading(87, NOW);
    expect(graded.state.score).toBe(87);
    const ready = sessionIn('READY');
    expect(ready.state.access).toEqual({ url: 'https://10.0.0.5', username: 'lcm-s1' });
    expect(JSON.stringify(ready.state)).not.toContain('password');
  });

  it('counts failed placement attempts with their reason and stays PENDING without an event', () => {
    const session = aSession();
    expect(session.recordPlacementFailure('AT_CAPACITY').ok).toBe(true);
    expect(session.state).toMatchObject({
      status: 'PENDING',
      placementAttempts: 1,
      lastPlacementReason: 'AT_CAPACITY',
    });
    expect(session.pendingEvents).toEqual([]);
    session.expire(at(6));
    expect(session.state.terminationReason).toBe('AT_CAPACITY');
  });

  it('extends a placed session within the maximum duration and refuses beyond it', () => {
    const session = sessionIn('RUNNING');
    const extended = session.extend(30, 120);
    expect(extended).toEqual({ ok: true, value: at(90) });
    expect(session.state.timeslotEnd).toBe(at(90).toISOString());
    const tooLong = session.extend(31, 120);
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.error).toContain('at most 120');
    expect(session.state.timeslotEnd).toBe(at(90).toISOString());
  });

  it('refuses to extend a session that holds no worker yet', () => {
    const result = sessionIn('PENDING').extend(10, 600);
    expect(result).toEqual({
      ok: false,
      error: 'lablet session session-1 is PENDING; extend is not allowed',
    });
  });
});

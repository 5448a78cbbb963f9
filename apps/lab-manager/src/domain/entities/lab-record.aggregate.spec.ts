import { LabRecord } from './lab-record.aggregate';

const AT = new Date('2026-03-02T09:00:00Z');
const USER = { cmlUserId: 'u-1', username: 'lcm-s1-abc', sealedPassword: 'v1.sealed' };

function aReservedRecord(sessionId = 's-1'): LabRecord {
  return LabRecord.reserve(
    'rec-1',
    {
      workerId: 'w-1',
      definitionId: 'd-1',
      definitionVersion: '1.0.0',
      title: 't',
      allocatedPorts: { PORT_A: 2000 },
      sessionId,
    },
    AT,
  );
}

function aStartedRecord(): LabRecord {
  const record = aReservedRecord();
  record.imported('lab-1', 'yaml');
  record.requestStart('s-1');
  record.beginStart();
  record.userCreated(USER);
  record.ready('run-1', 'https://10.0.0.1', AT);
  return record;
}

const eventNames = (record: LabRecord) => record.pendingEvents.map((e) => e.constructor.name);

describe('LabRecord', () => {
  it('keeps a start asked for during the import, and allows it right away once imported', () => {
    const record = aReservedRecord();
    expect(record.requestStart('s-1')).toEqual({ ok: true, value: true });
    expect(record.startDue).toBe(false);
    record.imported('lab-1', 'yaml');
    expect(record.state.startRequested).toBe(true);
    expect(record.startDue).toBe(true);
  });

  it('changes nothing on a repeated start or release request', () => {
    const record = aReservedRecord();
    record.imported('lab-1', 'yaml');
    expect(record.requestStart('s-1')).toEqual({ ok: true, value: true });
    expect(record.requestStart('s-1')).toEqual({ ok: true, value: false });
    record.beginStart();
    expect(record.requestStart('s-1')).toEqual({ ok: true, value: false });
    expect(record.beginRelease('s-1', AT)).toEqual({ ok: true, value: true });
    expect(record.beginRelease('s-1', AT)).toEqual({ ok: true, value: false });
    expect(record.state.status).toBe('STOPPING');
  });

  it('refuses a start for a session it is not bound to', () => {
    const result = aReservedRecord().requestStart('s-2');
    expect(result).toEqual({ ok: false, error: 'lab record rec-1 is not bound to session s-2' });
  });

  it('becomes STARTED with lab.ready carrying the username but never the password', () => {
    const record = aStartedRecord();
    expect(record.state.status).toBe('STARTED');
    expect(eventNames(record)).toEqual(['LabReady']);
    expect(JSON.stringify(record.pendingEvents[0]?.toData())).not.toContain(USER.sealedPassword);
    expect(record.pendingEvents[0]?.toData()).toMatchObject({
      username: USER.username,
      ports: { PORT_A: 2000 },
    });
  });

  it('is released to WIPED, unbound, without its user, and then reusable by another session', () => {
    const record = aStartedRecord();
    record.beginRelease('s-1', AT);
    record.released(AT);

    expect(record.state).toMatchObject({
      status: 'WIPED',
      boundSessionId: null,
      user: null,
      allocatedPorts: { PORT_A: 2000 },
    });
    expect(eventNames(record)).toEqual(['LabReady', 'LabReleased']);
    expect(record.bind('s-2').ok).toBe(true);
    expect(record.bind('s-3')).toEqual({
      ok: false,
      error: 'lab record rec-1 is WIPED; binding session s-3 is not allowed',
    });
  });

  it('releases a FAILED record at once, as there is nothing to stop', () => {
    const record = aReservedRecord();
    record.fail('import failed: boom', true, AT);

    expect(record.beginRelease('s-1', AT)).toEqual({ ok: true, value: true });
    expect(record.state).toMatchObject({ status: 'FAILED', boundSessionId: null });
    expect(eventNames(record)).toEqual(['LabFailed', 'LabReleased']);
  });

  it('tells the bound session with lab.failed when its lab vanished, and releases it at once afterwards', () => {
    const record = aStartedRecord();

    record.vanished(AT);

    expect(record.state).toMatchObject({ status: 'DELETED', boundSessionId: 's-1', user: null });
    const failed = record.pendingEvents.at(-1) as unknown as { sessionId: string; reason: string };
    expect(failed).toMatchObject({
      sessionId: 's-1',
      reason: 'LAB_VANISHED: lab lab-1 is gone from worker w-1',
    });
    expect(record.beginRelease('s-1', AT)).toEqual({ ok: true, value: true });
    expect(record.state).toMatchObject({ status: 'DELETED', boundSessionId: null });
    expect(eventNames(record)).toEqual(['LabReady', 'LabFailed', 'LabReleased']);
  });

  it('completes a release that was under way when the lab vanished, the record staying DELETED', () => {
    const record = aStartedRecord();
    record.beginRelease('s-1', AT);
    record.vanished(AT);

    expect(record.releaseFailed('release failed: lab not found', AT)).toEqual({ ok: true, value: undefined });
    expect(record.state).toMatchObject({ status: 'DELETED', boundSessionId: null });
    expect(eventNames(record).at(-1)).toBe('LabReleased');
  });

  it('emits nothing when an unbound lab vanished', () => {
    const record = aReservedRecord();
    record.imported('lab-1', 'yaml');
    record.beginRelease('s-1', AT);
    record.released(AT);

    record.vanished(AT);

    expect(record.state.status).toBe('DELETED');
    expect(eventNames(record)).toEqual(['LabReleased']);
  });

  it('releases a session that ends during its import at once, and the imported lab becomes reusable (WIPED)', () => {
    const record = aReservedRecord();
    expect(record.beginRelease('s-1', AT)).toEqual({ ok: true, value: true });
    expect(record.state.status).toBe('IMPORTING');
    record.imported('lab-1', 'yaml');

    expect(record.state.status).toBe('WIPED');
    expect(record.reusable).toBe(true);
    expect(eventNames(record)).toEqual(['LabReleased']);
  });

  it('emits lab.state-changed only when the CML state moves', () => {
    const record = aReservedRecord();
    record.imported('lab-1', 'yaml');
    expect(record.observe('DEFINED_ON_CORE', AT)).toBe(false);
    expect(record.observe('STARTED', AT)).toBe(true);
    expect(eventNames(record)).toEqual(['LabStateChanged']);
  });

  it('refuses to wipe a STARTED lab or to operate on a lab serving a session', () => {
    const record = aStartedRecord();
    expect(record.beginOperation('wipe').ok).toBe(false);
    expect(record.beginOperation('delete')).toEqual({
      ok: false,
      error: 'lab record rec-1 serves session s-1; delete is not allowed',
    });
  });

  it('keeps the last 50 runs', () => {
    const record = aStartedRecord();
    for (let i = 2; i <= 60; i++) {
      record.beginRelease(`s-${i - 1}`, AT);
      record.released(AT);
      record.bind(`s-${i}`);
      record.requestStart(`s-${i}`);
      record.beginStart();
      record.userCreated(USER);
      record.ready(`run-${i}`, 'https://10.0.0.1', AT);
    }
    expect(record.state.runHistory).toHaveLength(50);
    expect(record.state.runHistory.at(-1)?.runId).toBe('run-60');
  });
});

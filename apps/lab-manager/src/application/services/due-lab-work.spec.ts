import { LabRecord } from '../../domain/entities/lab-record.aggregate';
import { dueLabWork } from './due-lab-work';

const AT = new Date('2026-03-02T09:00:00Z');

function aReservedRecord(): LabRecord {
  return LabRecord.reserve(
    'rec-1',
    {
      workerId: 'w-1',
      definitionId: 'd-1',
      definitionVersion: '1.0.0',
      title: 't',
      allocatedPorts: { PORT_A: 2000 },
      sessionId: 's-1',
    },
    AT,
  );
}

describe('dueLabWork', () => {
  it('names the step a session lab waits for at each point of its flow, and none between them', () => {
    const record = aReservedRecord();
    expect(dueLabWork(record)).toEqual({ job: 'lab-import', labRecordId: 'rec-1' });
    record.imported('lab-1', 'yaml');
    expect(dueLabWork(record)).toBeUndefined();
    record.requestStart('s-1');
    expect(dueLabWork(record)).toEqual({ job: 'lab-start', labRecordId: 'rec-1', sessionId: 's-1' });
    record.beginStart();
    record.userCreated({ cmlUserId: 'u-1', username: 'lcm-s1-abc', sealedPassword: 'v1.sealed' });
    expect(record.ready('run-1', 'https://10.0.0.1', AT).ok).toBe(true);
    expect(dueLabWork(record)).toBeUndefined();
    record.beginRelease('s-1', AT);
    expect(dueLabWork(record)).toEqual({ job: 'lab-release', labRecordId: 'rec-1', sessionId: 's-1' });
    record.released(AT);
    expect(dueLabWork(record)).toBeUndefined();
  });

  it("does not take an operator's stop of a session's lab for the session's release", () => {
    const record = aReservedRecord();
    record.imported('lab-1', 'yaml');
    record.requestStart('s-1');
    record.beginStart();
    record.userCreated({ cmlUserId: 'u-1', username: 'lcm-s1-abc', sealedPassword: 'v1.sealed' });
    expect(record.ready('run-1', 'https://10.0.0.1', AT).ok).toBe(true);
    expect(record.beginOperation('stop').ok).toBe(true);
    expect(record.state.status).toBe('STOPPING');
    expect(dueLabWork(record)).toBeUndefined();
  });
});

import type { TestCloudEvent } from '@lcm/neuro-core/testing';

const HOUR = 3_600_000;

/** A session event as session-manager sends it: the session on `workerId`, now in `status`. */
export function sessionEvent(
  sessionId: string,
  workerId: string,
  status: string,
  time: Date,
): TestCloudEvent {
  return {
    type: `io.lcm.session.${status.toLowerCase()}.v1`,
    subject: sessionId,
    source: '/session-manager',
    data: {
      sessionId,
      ownerId: 'student-1',
      status,
      definitionId: 'def-1',
      definitionName: 'ccna-lab',
      definitionVersion: '1.0.0',
      timeslotStart: time.toISOString(),
      timeslotEnd: new Date(time.getTime() + HOUR).toISOString(),
      workerId,
      labRecordId: null,
      allocatedPorts: null,
      reason: null,
    },
  };
}

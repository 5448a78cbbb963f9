import type { CloudEvent, Session } from '../client/types';
import { applySessionEvent } from './apply-session-event';

const session = {
  id: 's-1',
  status: 'INSTANTIATING',
  workerId: 'w-1',
  timeslotStart: 'a',
  timeslotEnd: 'b',
} as Session;
const event = (type: string, data: Record<string, unknown>): CloudEvent => ({
  id: 'e',
  source: '/session-manager',
  subject: 's-1',
  time: 't',
  type,
  data,
});

describe('a session event shown before the reload', () => {
  it('moves the session it names to the status it carries', () => {
    const [updated] = applySessionEvent(
      [session],
      event('io.lcm.session.ready.v1', {
        sessionId: 's-1',
        status: 'READY',
        workerId: 'w-1',
        labRecordId: 'l-1',
        allocatedPorts: { PORT_SERIAL_1: 2001 },
      }),
    );
    expect(updated).toMatchObject({
      status: 'READY',
      labRecordId: 'l-1',
      allocatedPorts: { PORT_SERIAL_1: 2001 },
      timeslotStart: 'a',
    });
  });

  it('leaves the sessions alone for another session or another kind of event', () => {
    expect(
      applySessionEvent([session], event('io.lcm.session.ready.v1', { sessionId: 's-2', status: 'READY' })),
    ).toEqual([session]);
    expect(
      applySessionEvent([session], event('io.lcm.worker.status-changed.v1', { status: 'RUNNING' })),
    ).toEqual([session]);
  });
});

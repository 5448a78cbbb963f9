import type { CloudEvent, Session } from '../client/types';

/** The sessions after a session event: the one it names takes the status, worker and ports it carries. */
export function applySessionEvent(sessions: readonly Session[], event: CloudEvent): Session[] {
  const data = event.data;
  if (!event.type.startsWith('io.lcm.session.') || typeof data['sessionId'] !== 'string')
    return [...sessions];
  return sessions.map((session) =>
    session.id === data['sessionId']
      ? {
          ...session,
          status: String(data['status']),
          workerId: (data['workerId'] as string | null) ?? null,
          labRecordId: (data['labRecordId'] as string | null) ?? null,
          allocatedPorts: (data['allocatedPorts'] as Record<string, number> | null) ?? null,
          timeslotStart: String(data['timeslotStart'] ?? session.timeslotStart),
          timeslotEnd: String(data['timeslotEnd'] ?? session.timeslotEnd),
        }
      : session,
  );
}

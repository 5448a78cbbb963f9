import { type DomainResult, loadActSave } from '@lcm/neuro-core';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import type { LabletSessionRepository } from '../../domain/repositories/lablet-session.repository';

/**
 * How many runs in all a command of an inbound event gets when its save loses the race to an owner action,
 * the timers or another replica: each run starts over from a fresh read, since a 409 would make the inbound
 * table acknowledge the event and drop it (a lab.ready lost this way left its session INSTANTIATING).
 */
const EVENT_SAVE_ATTEMPTS = 20;

/** Applies what an inbound event says to its session and saves it, starting over on a lost race. */
export function actOnSessionForEvent<R>(
  sessions: LabletSessionRepository,
  sessionId: string,
  act: (session: LabletSession) => DomainResult<R>,
) {
  return loadActSave(sessions, sessionId, 'lablet session', act, { attempts: EVENT_SAVE_ATTEMPTS });
}

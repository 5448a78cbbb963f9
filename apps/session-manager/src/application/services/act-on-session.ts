import { type DomainResult, OperationResult } from '@lcm/neuro-core';
import { z } from 'zod';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import type { LabletSessionRepository } from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../queries/lablet-session.dto';
import { type Actor, refuseUnlessAllowed } from './actor';

/** The input of every owner action on a session: which session, and who asks. */
export const SessionActionSchema = z.object({
  sessionId: z.string().min(1),
  actor: z.object({ sub: z.string().min(1) }),
});

/**
 * What every owner action (start, stop, cancel, collect) does: load the session, apply the owner/admin rule,
 * make the one move, save. 404 unknown (or not visible), 403 not allowed, 409 the move is not allowed from
 * the current status, else 202 with the session.
 */
export async function actOnSession(
  sessions: LabletSessionRepository,
  sessionId: string,
  actor: Actor,
  move: (session: LabletSession) => DomainResult,
): Promise<OperationResult<LabletSessionDto>> {
  const session = await sessions.get(sessionId);
  if (!session) return OperationResult.notFound('lablet session', sessionId);
  const refused = refuseUnlessAllowed(session, actor, 'act');
  if (refused) return refused;
  const moved = move(session);
  if (!moved.ok) return OperationResult.conflict(moved.error);
  await sessions.update(session);
  return OperationResult.accepted(toLabletSessionDto(session));
}

import { type Failure, OperationResult } from '@lcm/neuro-core';
import { z } from 'zod';
import type { LabletSession } from '../../domain/entities/lablet-session.aggregate';

/** Who asks: the token's subject and roles, passed from the controller into commands and queries. */
export interface Actor {
  readonly sub: string;
  readonly roles: readonly string[];
}

/** The input of every owner action on a session (start, stop, cancel, collect): which session, and who asks. */
export const SessionActionSchema = z.object({
  sessionId: z.string().min(1),
  actor: z.object({ sub: z.string().min(1) }),
});

/** What an actor wants to do with a session. */
export type SessionAction = 'read' | 'act' | 'access';

/**
 * The owner rules of docs/domain.md#session-owner-rules: owners read and act on their own sessions; managers and admins read all;
 * admins act on all; only the owner reads `/access`. Someone who may not even see the session gets 404, not
 * 403, so session ids never leak; someone who may see it but not do this gets 403. Returns undefined when
 * allowed.
 */
export function refuseUnlessAllowed(
  session: LabletSession,
  actor: Actor,
  action: SessionAction,
): Failure | undefined {
  if (session.state.ownerId === actor.sub) return undefined;
  const seesAll = actor.roles.includes('manager') || actor.roles.includes('admin');
  if (!seesAll) return OperationResult.notFound('lablet session', session.id);
  if (action === 'read') return undefined;
  if (action === 'act' && actor.roles.includes('admin')) return undefined;
  return OperationResult.forbidden(
    action === 'access'
      ? `only the owner of lablet session ${session.id} may read its access`
      : `only the owner of lablet session ${session.id} or an admin may change it`,
  );
}

import { ControllerBase, type RouteContext, del, get, post, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import { SESSION_STATUSES } from '../../domain/entities/session-status';
import { CancelSessionCommand } from '../../application/commands/cancel-session.command';
import { CollectSessionCommand } from '../../application/commands/collect-session.command';
import { ExtendSessionCommand } from '../../application/commands/extend-session.command';
import { RequestSessionCommand } from '../../application/commands/request-session.command';
import { StartSessionCommand } from '../../application/commands/start-session.command';
import { StopSessionCommand } from '../../application/commands/stop-session.command';
import { TerminateSessionCommand } from '../../application/commands/terminate-session.command';
import { GetLabletSessionQuery } from '../../application/queries/get-lablet-session.query';
import { GetLabletSessionsQuery } from '../../application/queries/get-lablet-sessions.query';
import { GetSessionAccessQuery } from '../../application/queries/get-session-access.query';

const idParams = z.object({ id: z.string().min(1).max(100) });

const createBody = z.object({
  definitionName: z.string().min(1),
  definitionVersion: z.string().min(1).optional(),
  timeslotStart: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().positive(),
});

const listQuery = z.object({
  status: z.enum(SESSION_STATUSES).optional(),
  ownerId: z.string().min(1).optional(),
});

const sessionResponse = z.object({
  id: z.string(),
  ownerId: z.string(),
  definitionId: z.string(),
  definitionName: z.string(),
  definitionVersion: z.string(),
  timeslotStart: z.string(),
  timeslotEnd: z.string(),
  status: z.enum(SESSION_STATUSES),
  workerId: z.string().nullable(),
  labRecordId: z.string().nullable(),
  allocatedPorts: z.record(z.string(), z.number()).nullable(),
  access: z.object({ url: z.string(), username: z.string() }).nullable(),
  placementAttempts: z.number(),
  lastPlacementReason: z.string().nullable(),
  score: z.number().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  terminationReason: z.string().nullable(),
  awaitingCapacity: z.boolean(),
  replacements: z.number(),
  history: z.array(
    z.object({
      at: z.string(),
      status: z.enum(SESSION_STATUSES),
      action: z.enum(['STATUS_CHANGED', 'REQUEUED']),
      reason: z.string().nullable(),
      by: z.string().nullable(),
      workerId: z.string().nullable().optional(),
    }),
  ),
  stateVersion: z.number(),
});

const accessResponse = z.object({
  url: z.string(),
  username: z.string(),
  password: z.string(),
  ports: z.record(z.string(), z.number()),
});

const create = {
  body: createBody,
  status: 201,
  response: sessionResponse,
  summary: 'Request a lablet session (PENDING)',
} as const;
const list = {
  query: listQuery,
  response: z.array(sessionResponse),
  summary: 'List sessions (users: their own)',
} as const;
const one = {
  params: idParams,
  response: sessionResponse,
  summary: 'One session (owner, manager, admin)',
} as const;
const access = {
  params: idParams,
  response: accessResponse,
  summary: 'How the owner reaches a READY or RUNNING lab',
} as const;
const action = (summary: string) =>
  ({ params: idParams, status: 202, response: sessionResponse, summary }) as const;
const extend = {
  params: idParams,
  body: z.object({
    minutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
  }),
  status: 202,
  response: sessionResponse,
  summary: 'Extend a placed session if its worker stays free',
} as const;

/**
 * `/api/lablet-sessions`: users request and drive their own sessions; owner rules (404 for someone else's
 * session) are applied by the handlers, so every route admits the roles that may have *some* session.
 */
export class LabletSessionsController extends ControllerBase {
  @post('/', create)
  @roles('user', 'manager', 'admin')
  create({ body, user }: RouteContext<typeof create>) {
    return this.mediator.execute(
      new RequestSessionCommand(
        user.sub,
        body.definitionName,
        body.durationMinutes,
        body.definitionVersion,
        body.timeslotStart,
      ),
    );
  }

  @get('/', list)
  @roles('user', 'manager', 'admin')
  list({ query, user }: RouteContext<typeof list>) {
    return this.mediator.execute(new GetLabletSessionsQuery(user, query.status, query.ownerId));
  }

  @get('/:id', one)
  @roles('user', 'manager', 'admin')
  read({ params, user }: RouteContext<typeof one>) {
    return this.mediator.execute(new GetLabletSessionQuery(params.id, user));
  }

  @get('/:id/access', access)
  @roles('user', 'manager', 'admin')
  access({ params, user }: RouteContext<typeof access>) {
    return this.mediator.execute(new GetSessionAccessQuery(params.id, user));
  }

  @post('/:id/start', action('Start a READY session now'))
  @roles('user', 'manager', 'admin')
  start({ params, user }: RouteContext) {
    return this.mediator.execute(new StartSessionCommand(params['id'], user));
  }

  @post('/:id/stop', action('Stop a READY or RUNNING session'))
  @roles('user', 'manager', 'admin')
  stop({ params, user }: RouteContext) {
    return this.mediator.execute(new StopSessionCommand(params['id'], user));
  }

  @post('/:id/extend', extend)
  @roles('user', 'manager', 'admin')
  extend({ params, body, user }: RouteContext<typeof extend>) {
    return this.mediator.execute(new ExtendSessionCommand(params.id, user, body.minutes));
  }

  @post('/:id/collect', action('Ask for a RUNNING session to be graded'))
  @roles('user', 'manager', 'admin')
  collect({ params, user }: RouteContext) {
    return this.mediator.execute(new CollectSessionCommand(params['id'], user));
  }

  @post('/:id/cancel', action('Cancel a PENDING or SCHEDULED session'))
  @roles('user', 'manager', 'admin')
  cancel({ params, user }: RouteContext) {
    return this.mediator.execute(new CancelSessionCommand(params['id'], user));
  }

  @del('/:id', action('Terminate any session (admin)'))
  @roles('admin')
  terminate({ params, user }: RouteContext) {
    return this.mediator.execute(new TerminateSessionCommand(params['id'], user.sub));
  }
}
